using System.Globalization;
using Npgsql;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// A full re-evaluation in parts: the households split by hid into <see cref="Parts"/> ranges, each
/// decided, compared with the stored determinations, counted and written into the ruleset's new
/// generation on its own connection, side by side. One statement keeps one core busy but for its
/// parallel scans; parts keep them all busy (1M people on 2 cores: deciding in one statement took
/// 16–22 s, in two parts 10.8 s).
/// </summary>
/// <remarks>
/// No one reads the new generation until the caller's transaction swaps it in, so the parts commit
/// on their own; the caller's transaction holds the facts lock throughout, so every part sees the
/// same facts and determinations. A failed part stops the others, the tables the parts wrote into
/// are dropped, and the run fails.
/// </remarks>
public sealed class FullRun
{
    public const string PartsKey = "Eligibility:FullRunParts";
    private readonly NpgsqlDataSource dataSource;
    private readonly DeterminationsPublisher publisher;
    private readonly EvaluationStore evaluations;

    public FullRun(NpgsqlDataSource dataSource, DeterminationsPublisher publisher, EvaluationStore evaluations, IConfiguration configuration)
    {
        this.dataSource = dataSource;
        this.publisher = publisher;
        this.evaluations = evaluations;
        var configured = configuration[PartsKey];
        Parts = string.IsNullOrWhiteSpace(configured) ? Math.Clamp(Environment.ProcessorCount, 1, 8)
            : int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var parts) && parts is >= 1 and <= 64 ? parts
            : throw new InvalidOperationException($"{PartsKey} must be a whole number from 1 to 64 (the connections a full run decides on side by side); it is '{configured}'.");
    }

    /// <summary>The connections a full run works on side by side: <see cref="PartsKey"/>, or the machine's processors (at most 8).</summary>
    public int Parts { get; }

    /// <summary>
    /// Decides and stores everyone in parts, starts the change set's upload, counts provinces and
    /// swaps the new generation in, in the caller's transaction (which commits it with the event).
    /// </summary>
    internal async Task<FullRunResult> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, PhaseTimer timer, CancellationToken cancellationToken)
    {
        var ruleset = run.Evaluator.Ruleset;
        short key;
        // Committed at once: the parts' connections must see the tables.
        await using (var tables = dataSource.CreateCommand("select full_run_tables($1)"))
        {
            tables.Parameters.Add(new NpgsqlParameter { Value = ruleset.Id });
            key = (short)(await tables.ExecuteScalarAsync(cancellationToken))!;
        }

        timer.Mark("new generation tables");
        var storing = new StoringStep(evaluations, run.EvaluationId);
        ChangeSetUpload? upload = null;
        Part[] parts;
        try
        {
            upload = await publisher.StartUploadAsync(run, cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // The first part to fail stops the others; awaiting them all reports its failure, not their cancellation.
            parts = await Task.WhenAll(HouseholdRange.Split(Parts).Select(async households =>
            {
                try
                {
                    return await RunPartAsync(run, households, key, upload, storing, stop.Token);
                }
                catch (Exception)
                {
                    await stop.CancelAsync();
                    throw;
                }
            }));
            upload.Chunks.Complete();
            timer.Mark(string.Create(CultureInfo.InvariantCulture, $"decide and store in {Parts} parts"));
            // Both primary keys at once, each on its own connection, in the order migration 0013 gave them (the swap attaches them to the parents' keys).
            await Task.WhenAll(
                ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"alter table determinations_next_{key} add primary key (pid, ruleset_id)"), cancellationToken),
                ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"alter table simulation_people_next_{key} add primary key (pid, ruleset_key)"), cancellationToken));
            timer.Mark("primary keys");
        }
        catch (Exception exception)
        {
            if (upload is not null)
            {
                await upload.StopAsync(exception);
            }

            await DropGenerationAsync(key);
            throw;
        }

        await ProvinceCounts.ReplaceAsync(connection, transaction, ruleset, parts.SelectMany(p => p.Provinces), cancellationToken);
        timer.Mark("count by province");
        await using (var swap = new NpgsqlCommand("select full_run_swap($1)", connection, transaction) { CommandTimeout = Facts.BulkCommands.TimeoutSeconds })
        {
            swap.Parameters.Add(new NpgsqlParameter { Value = ruleset.Id });
            await swap.ExecuteNonQueryAsync(cancellationToken);
        }

        timer.Mark("swap in");
        var changes = parts.Select(p => p.Changes).Aggregate((total, next) => total + next);
        var phases = string.Join("; ", parts.Select((p, i) => string.Create(CultureInfo.InvariantCulture, $"part {i + 1}: {p.Phases}")));
        return new FullRunResult(parts.Sum(p => p.Evaluated), upload.Published(changes), phases);
    }

    private async Task<Part> RunPartAsync(
        EvaluationRun run, HouseholdRange households, short key, ChangeSetUpload upload, StoringStep storing, CancellationToken cancellationToken)
    {
        var timer = new PhaseTimer();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await SqlEvaluation.DecideAsync(connection, transaction, run, households, parallelWorkers: Parts == 1, cancellationToken, timer);
        var changes = await DeterminationsPublisher.WriteChangesAsync(connection, transaction, run, upload.Chunks, cancellationToken);
        timer.Mark("read changes");
        var provinces = await ProvinceCounts.CountPartAsync(connection, transaction, run.Evaluator.Ruleset, cancellationToken);
        timer.Mark("count by province");
        await storing.ReachedAsync(cancellationToken);
        var evaluated = await SqlEvaluation.StorePartAsync(connection, transaction, run, key, cancellationToken, timer);
        await transaction.CommitAsync(cancellationToken);
        timer.Mark("commit");
        return new Part(evaluated, changes, provinces, timer.ToString());
    }

    /// <summary>
    /// A failed run's half-filled generation is dropped at once, not when the next full run starts: for
    /// 22 million people it holds gigabytes. If the database is what failed, the next full run drops it.
    /// </summary>
    private async Task DropGenerationAsync(short key)
    {
        try
        {
            await ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"drop table if exists determinations_next_{key}, simulation_people_next_{key}"), CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // Reported by the run's own failure; full_run_tables drops what is left.
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = Facts.BulkCommands.TimeoutSeconds;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The status says "storing determinations" once the first part starts storing.</summary>
    private sealed class StoringStep(EvaluationStore evaluations, Guid evaluationId)
    {
        private int reached;

        public async Task ReachedAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref reached, 1) == 0)
            {
                await evaluations.SetStepAsync(evaluationId, "storing determinations", cancellationToken);
            }
        }
    }

    private sealed record Part(int Evaluated, ChangeCounts Changes, IReadOnlyList<ProvinceTally> Provinces, string Phases);
}

/// <summary>A full run's people evaluated, its change set, and each part's phase timings.</summary>
internal sealed record FullRunResult(int Evaluated, PublishedChanges Published, string PartPhases);
