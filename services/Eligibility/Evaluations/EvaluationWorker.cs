using Npgsql;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Facts;
using WelfarePlatform.Eligibility.Rulesets;
using WelfarePlatform.ServiceDefaults;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Runs queued evaluations, oldest first: a change set's households under one ruleset, or everyone
/// (a full re-evaluation). Claims one with a lease (so replicas share the work and a crashed one's
/// evaluation is taken over), decides (a change set's households with the ruleset compiled to SQL;
/// everyone in the service, <see cref="FullRun"/>, which fills a new generation beside the
/// transaction), stores the determinations and publishes the change set and the counts, in one transaction.
/// </summary>
public sealed partial class EvaluationWorker(
    NpgsqlDataSource dataSource, RulesetStore rulesets, EvaluationStore evaluations, DeterminationsPublisher publisher, FullRun fullRun, EvaluationQueueSignal signal,
    TimeProvider clock, ILogger<EvaluationWorker> logger) : BackgroundService
{
    private const int MaxAttempts = 5;
    /// <summary>One statement over millions of people may take minutes: a running evaluation's lease covers that.</summary>
    private static readonly TimeSpan RunLease = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    /// <summary>A failed attempt waits this long for each attempt so far (1, 2, 3, 4 minutes).</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RunNextAsync(stoppingToken))
                {
                    await signal.WaitAsync(Poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Whatever failed (Blob storage gives up with an AggregateException of its tries), the
                // evaluation's status already says so and it is retried: the worker, and the host, go on.
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

        try
        {
            await RunAsync(claim, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The status says why at once, and the next attempt comes after a short wait rather than
            // after the run's 30-minute lease: a fact no statement can take fails every attempt alike,
            // and is then reported failed in minutes, not hours.
            try
            {
                await evaluations.RetryLaterAsync(claim.EvaluationId, MaxAttempts, RetryDelay, UnavailableDependency.Describe(exception), cancellationToken);
            }
            catch (NpgsqlException)
            {
                // The database is what failed: the lease still ends, and the log gets the first failure.
            }

            throw;
        }

        return true;
    }

    private async Task RunAsync(Claim claim, CancellationToken cancellationToken)
    {
        var ruleset = await rulesets.FindAsync(claim.RulesetId, cancellationToken)
            ?? throw new InvalidOperationException($"Evaluation {claim.EvaluationId} names ruleset {claim.RulesetId}, which is gone.");
        var run = new EvaluationRun(claim.EvaluationId, new RulesetEvaluator(ruleset, claim.EvaluationDate), clock.GetUtcNow());
        await using (var lease = dataSource.CreateCommand("update evaluations set lease_until = now() + $2 where evaluation_id = $1"))
        {
            lease.Parameters.Add(new NpgsqlParameter { Value = run.EvaluationId });
            lease.Parameters.Add(new NpgsqlParameter { Value = RunLease });
            await lease.ExecuteNonQueryAsync(cancellationToken);
        }

        // One transaction takes the facts lock, stores the determinations (a change set: its
        // households, decided in it; a full run: everyone, read and decided in the service and copied
        // in on connections of its own, FullRun, and swapped in here), writes the change set and enqueues the event. Its
        // status shows the step; households_done moves to households_total when it commits; a crash
        // before that leaves nothing half-done, and the evaluation is taken up again when its lease
        // ends (its blob, named by evaluation id, is written again).
        var timer = new PhaseTimer();
        await evaluations.SetStepAsync(run.EvaluationId, "deciding", cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await FactsLock.AcquireAsync(connection, transaction, cancellationToken);
        timer.Mark("wait for other writers");
        int evaluated;
        PublishedChanges? published = null;
        try
        {
            if (claim.TouchedSet is { } touchedSet)
            {
                await ChangeSetEvaluation.LoadTouchedAsync(connection, transaction, touchedSet, cancellationToken);
                timer.Mark("touched households");
                await SqlEvaluation.DecideAsync(connection, transaction, run, cancellationToken, timer);
                published = await publisher.StartChangeSetAsync(connection, transaction, run, cancellationToken);
                timer.Mark("read changes");
                await ProvinceCounts.AddChangesAsync(connection, transaction, ruleset.Id, cancellationToken);
                timer.Mark("count changes by province");
                await evaluations.SetStepAsync(run.EvaluationId, "storing determinations", cancellationToken);
                evaluated = await SqlEvaluation.StoreAsync(connection, transaction, run, cancellationToken, timer);
            }
            else
            {
                (evaluated, published) = await fullRun.RunAsync(connection, transaction, run, timer, cancellationToken);
            }

            await evaluations.SetStepAsync(run.EvaluationId, "publishing", cancellationToken);
            await publisher.PublishAsync(
                connection, transaction, run, claim.Trigger, claim.SourceBatchId, claim.AsOf, claim.CorrelationId ?? run.EvaluationId, evaluated, published, cancellationToken, timer);
            await EvaluationStore.CompleteAsync(connection, transaction, run.EvaluationId, published, evaluated, cancellationToken);
            if (claim.TouchedSet is { } done)
            {
                await ChangeSetEvaluation.ForgetTouchedWhenDoneAsync(connection, transaction, done, cancellationToken);
            }
        }
        catch (Exception) when (published is not null)
        {
            // The change set's upload ends before the failure is reported; the failure, not the upload's, is thrown.
            await published.Uploaded.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await published.Uploaded;
        timer.Mark("await blob");
        await transaction.CommitAsync(cancellationToken);
        timer.Mark("commit");
        LogCompleted(logger, claim.TouchedSet is null ? "Full re-evaluation" : $"Change set of batch {claim.SourceBatchId}", ruleset.Id, published.Changed,
            timer.Total.TotalSeconds, timer.ToString());
    }

    private async Task<Claim?> ClaimAsync(CancellationToken cancellationToken)
    {
        // An evaluation that failed MaxAttempts times stops being retried and says so in its status.
        await using (var giveUp = dataSource.CreateCommand(
            """
            update evaluations set status = 'failed', lease_until = null, step = 'failed',
                error = 'Stopped after ' || attempts || ' attempts' || coalesce(' (last: ' || error || ')', '') || '; the service log has each failure.'
                    || case when trigger = 'full' then ' POST /api/evaluations again to retry.' else ' A full re-evaluation (POST /api/evaluations) decides these people again.' end
            where status = 'running' and lease_until < now() and attempts >= $1
            """))
        {
            giveUp.Parameters.Add(new NpgsqlParameter { Value = MaxAttempts });
            await giveUp.ExecuteNonQueryAsync(cancellationToken);
        }

        // Oldest first; a change set's rulesets newest round first (round-2022 is the dashboard's default).
        // A full run's households are counted with a hashed distinct: count(distinct) sorts (1M people: 0.3 s against 0.7 s).
        await using var claim = dataSource.CreateCommand(
            """
            update evaluations e set status = 'running', attempts = attempts + 1, lease_until = now() + $1,
                households_total = case when e.status = 'queued' and e.trigger = 'full' then (select count(*)::int from (select distinct hid from person_facts) households) else e.households_total end
            where evaluation_id = (
                select evaluation_id from evaluations
                where status = 'queued' or (status = 'running' and lease_until < now())
                order by requested_at, ruleset_id desc limit 1 for update skip locked)
            returning evaluation_id, ruleset_id, evaluation_date, trigger, source_batch_id, as_of, touched_set, correlation_id
            """);
        claim.Parameters.Add(new NpgsqlParameter { Value = Lease });
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Claim(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetFieldValue<DateOnly>(5), reader.IsDBNull(6) ? null : reader.GetGuid(6),
                reader.IsDBNull(7) ? null : reader.GetGuid(7))
            : null;
    }

    private sealed record Claim(
        Guid EvaluationId, string RulesetId, DateOnly EvaluationDate, string Trigger, Guid? SourceBatchId, DateOnly AsOf, Guid? TouchedSet, Guid? CorrelationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{What} evaluated under {RulesetId}: {Changed} determinations changed, in {Seconds:0.00} s: {Phases}")]
    private static partial void LogCompleted(ILogger logger, string what, string rulesetId, int changed, double seconds, string phases);

    [LoggerMessage(Level = LogLevel.Error, Message = "An evaluation failed; its status says why, and it is tried again after a wait")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
