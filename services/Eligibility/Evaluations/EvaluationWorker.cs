using Npgsql;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Runs queued full re-evaluations: claims one with a lease (so replicas share the work and a
/// crashed one's evaluation is taken over), evaluates households in chunks, each chunk its own
/// transaction recording progress, then publishes the change set and the counts.
/// </summary>
public sealed partial class EvaluationWorker(
    NpgsqlDataSource dataSource, RulesetStore rulesets, DeterminationsPublisher publisher, TimeProvider clock, ILogger<EvaluationWorker> logger) : BackgroundService
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RunNextAsync(stoppingToken))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or Azure.RequestFailedException)
            {
                LogFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
            }
        }
    }

    /// <summary>Runs one queued evaluation to the end; false when none was waiting.</summary>
    public async Task<bool> RunNextAsync(CancellationToken cancellationToken)
    {
        if (await ClaimAsync(cancellationToken) is not { } claim)
        {
            return false;
        }

        var ruleset = await rulesets.FindAsync(claim.RulesetId, cancellationToken)
            ?? throw new InvalidOperationException($"Evaluation {claim.EvaluationId} names ruleset {claim.RulesetId}, which is gone.");
        var run = new EvaluationRun(claim.EvaluationId, new RulesetEvaluator(ruleset, claim.EvaluationDate), clock.GetUtcNow());
        var lastHid = claim.LastHid;
        while (await EvaluateNextChunkAsync(run, lastHid, cancellationToken) is { } next)
        {
            lastHid = next;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int evaluated;
        await using (var count = new NpgsqlCommand("select persons_evaluated from evaluations where evaluation_id = $1", connection, transaction))
        {
            count.Parameters.Add(new NpgsqlParameter { Value = run.EvaluationId });
            evaluated = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        var published = await publisher.PublishAsync(connection, transaction, run, "full", null, claim.EvaluationDate, run.EvaluationId, evaluated, cancellationToken);
        await EvaluationStore.CompleteAsync(connection, transaction, run.EvaluationId, published, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<string?> EvaluateNextChunkAsync(EvaluationRun run, string? lastHid, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ChunkEvaluation.PrepareAsync(connection, transaction, cancellationToken);
        string? chunkLast;
        int households;
        await using (var chunk = new NpgsqlCommand(
            """
            with next as (
                insert into chunk_households (hid)
                select distinct hid from person_facts where $1::char(64) is null or hid > $1 order by hid limit $2
                returning hid)
            select max(hid), count(*)::int from next
            """, connection, transaction))
        {
            chunk.Parameters.Add(new NpgsqlParameter { Value = (object?)lastHid ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Char });
            chunk.Parameters.Add(new NpgsqlParameter { Value = ChunkEvaluation.HouseholdsPerChunk });
            await using var reader = await chunk.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            chunkLast = reader.IsDBNull(0) ? null : reader.GetString(0);
            households = reader.GetInt32(1);
        }

        if (chunkLast is null)
        {
            return null;
        }

        var evaluated = await ChunkEvaluation.EvaluateAsync(connection, transaction, run, cancellationToken);
        await using (var progress = new NpgsqlCommand(
            """
            update evaluations set last_hid = $2, households_done = households_done + $3, persons_evaluated = persons_evaluated + $4,
                lease_until = now() + $5 where evaluation_id = $1
            """, connection, transaction))
        {
            progress.Parameters.Add(new NpgsqlParameter { Value = run.EvaluationId });
            progress.Parameters.Add(new NpgsqlParameter { Value = chunkLast });
            progress.Parameters.Add(new NpgsqlParameter { Value = households });
            progress.Parameters.Add(new NpgsqlParameter { Value = evaluated });
            progress.Parameters.Add(new NpgsqlParameter { Value = Lease });
            await progress.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return chunkLast;
    }

    private async Task<Claim?> ClaimAsync(CancellationToken cancellationToken)
    {
        // An evaluation that failed MaxAttempts times stops being retried and says so in its status.
        await using (var giveUp = dataSource.CreateCommand(
            """
            update evaluations set status = 'failed', lease_until = null,
                error = 'Stopped after ' || attempts || ' attempts; the service log has each failure. POST /api/evaluations again to retry.'
            where trigger = 'full' and status = 'running' and lease_until < now() and attempts >= $1
            """))
        {
            giveUp.Parameters.Add(new NpgsqlParameter { Value = MaxAttempts });
            await giveUp.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var claim = dataSource.CreateCommand(
            """
            update evaluations e set status = 'running', attempts = attempts + 1, lease_until = now() + $1,
                households_total = case when e.status = 'queued' then (select count(distinct hid)::int from person_facts) else e.households_total end
            where evaluation_id = (
                select evaluation_id from evaluations
                where trigger = 'full' and (status = 'queued' or (status = 'running' and lease_until < now()))
                order by requested_at limit 1 for update skip locked)
            returning evaluation_id, ruleset_id, evaluation_date, last_hid
            """);
        claim.Parameters.Add(new NpgsqlParameter { Value = Lease });
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Claim(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    }

    private sealed record Claim(Guid EvaluationId, string RulesetId, DateOnly EvaluationDate, string? LastHid);

    [LoggerMessage(Level = LogLevel.Error, Message = "A full re-evaluation failed; it is taken up again when its lease ends")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
