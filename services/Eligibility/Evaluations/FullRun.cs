using System.Globalization;
using System.Text;
using Npgsql;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Simulations;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// A full re-evaluation: everyone's facts and evidence and the ruleset's stored determinations are
/// read by binary COPY, three tables side by side (<see cref="Population"/>); <see cref="PopulationDecider"/>
/// decides everyone in the service; the determinations, each with its compact columns for what-ifs,
/// are copied in pid order into the ruleset's new generation while the changed ones are written to
/// the change-set blob; the caller's transaction swaps the generation in.
/// </summary>
/// <remarks>
/// Deciding in the service costs PostgreSQL sequential scans where the compiled statement pivoted
/// 3.5M evidence rows and sorted everyone by household for each part of the households (1M people,
/// 2 cores: reading and deciding everyone takes 6-7 s, where one part's statement took 9 s). The
/// caller's transaction holds the facts lock throughout, so every connection sees the same facts
/// and determinations. No one reads the new generation until the swap; a failure drops it and fails the run.
/// </remarks>
public sealed class FullRun(NpgsqlDataSource dataSource, DeterminationsPublisher publisher, EvaluationStore evaluations)
{
    private static readonly string[] Outcomes = [Determination.Eligible, Determination.Ineligible, Determination.Unknown];

    /// <summary>Decides and stores everyone, writes the change set, counts provinces and swaps the new generation in, in the caller's transaction.</summary>
    internal async Task<FullRunResult> RunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, PhaseTimer timer, CancellationToken cancellationToken)
    {
        var ruleset = run.Evaluator.Ruleset;
        short key;
        // Committed at once: the other connections must see the tables.
        await using (var tables = dataSource.CreateCommand("select full_run_tables($1)"))
        {
            tables.Parameters.Add(new NpgsqlParameter { Value = ruleset.Id });
            key = (short)(await tables.ExecuteScalarAsync(cancellationToken))!;
        }

        // The key comes first, in the order migration 0013 gave it (the swap attaches it to the
        // parent's key): the rows arrive in pid order, so each goes to the index's last page. As
        // fast as building the key once the rows are in, one step fewer.
        await ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"alter table determinations_next_{key} add primary key (pid, ruleset_id)"), cancellationToken);
        timer.Mark("new generation tables");
        ChangeSetUpload? upload = null;
        Population population;
        ChangeCounts changes;
        IReadOnlyList<ProvinceTally> provinces;
        try
        {
            upload = await publisher.StartUploadAsync(run, cancellationToken);
            var evidenceTypes = PopulationDecider.EvidenceTypesOf(ruleset);
            population = await Population.LoadAsync(dataSource, ruleset, evidenceTypes, key, cancellationToken);
            timer.Mark(string.Create(CultureInfo.InvariantCulture, $"read facts ({population.ReadTimes})"));
            var ordering = Task.Run(population.PidOrder, cancellationToken);
            var decisions = await Task.Run(() => new PopulationDecider(run.Evaluator, evidenceTypes).Decide(population, Environment.ProcessorCount), cancellationToken);
            provinces = Tally(population, decisions, ruleset);
            var output = new Output(population, await ordering, decisions, run, key);
            timer.Mark("decide");
            await evaluations.SetStepAsync(run.EvaluationId, "storing determinations", cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var writing = StopOthersOnFailure(() => CopyDeterminationsAsync(output, stop.Token), stop);
            changes = await StopOthersOnFailure(() => WriteChangesAsync(output, upload, stop.Token), stop);
            await writing;
            timer.Mark("store determinations and changes");
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

        await ProvinceCounts.ReplaceAsync(connection, transaction, ruleset, provinces, cancellationToken);
        timer.Mark("count by province");
        await using (var swap = new NpgsqlCommand("select full_run_swap($1)", connection, transaction) { CommandTimeout = Facts.BulkCommands.TimeoutSeconds })
        {
            swap.Parameters.Add(new NpgsqlParameter { Value = ruleset.Id });
            await swap.ExecuteNonQueryAsync(cancellationToken);
        }

        timer.Mark("swap in");
        return new FullRunResult(population.Count, upload.Published(changes));
    }

    /// <summary>The first writer to fail stops the others; awaiting them all then reports its failure, not their cancellation.</summary>
    private static async Task<T> StopOthersOnFailure<T>(Func<Task<T>> write, CancellationTokenSource stop)
    {
        try
        {
            return await Task.Run(write);
        }
        catch (Exception)
        {
            await stop.CancelAsync();
            throw;
        }
    }

    /// <summary>Per province: people of each holder flag, stale flag and state, turned into the counts (<see cref="ProvinceTally.Add"/>).</summary>
    private static List<ProvinceTally> Tally(Population population, Decisions decisions, Rulesets.Ruleset ruleset)
    {
        var groups = new Dictionary<(short Province, bool CardHolder, bool Stale, long State), int>();
        for (var person = 0; person < population.Count; person++)
        {
            var group = (population.Province[person], population.CardHolder[person], decisions.Stale[person], decisions.State[person]);
            groups[group] = groups.GetValueOrDefault(group) + 1;
        }

        var tallies = population.Provinces.Select(p => new ProvinceTally(p, new int[ProvinceTally.CountColumns], new int[ruleset.Criteria.Count])).ToList();
        foreach (var ((province, cardHolder, stale, state), people) in groups)
        {
            tallies[province].Add(cardHolder, stale, state, people);
        }

        return [.. tallies.Where(t => t.Counts[0] > 0)];
    }

    /// <summary>
    /// Everyone's determination into <c>determinations_next_{key}</c>, as <c>SqlEvaluation</c>'s statements
    /// store one, with its compact columns for what-ifs (<see cref="CompactDetermination"/>).
    /// </summary>
    private async Task<int> CopyDeterminationsAsync(Output output, CancellationToken cancellationToken)
    {
        var (population, decisions, run) = (output.Population, output.Decisions, output.Run);
        var criteria = decisions.Criteria;
        var rulesetId = Encoding.UTF8.GetBytes(run.Evaluator.Ruleset.Id);
        var slots = CompactDetermination.Slots(run.Evaluator.Ruleset);
        var valueColumns = string.Concat(CompactDetermination.ValueColumnNames.Select(c => ", " + c));
        await CopyFrozenAsync(
            string.Create(CultureInfo.InvariantCulture, $"determinations_next_{output.Key}"),
            "ruleset_id, pid, ruleset_version, evaluation_id, evaluation_date, evaluated_at, province_code, card_holder, outcome, failed_criteria, passed, criterion_values, benefit_income, stale, state" + valueColumns,
            Rows, cancellationToken);
        return population.Count;

        async Task Rows(BinaryCopyWriter writer)
        {
            foreach (var person in output.PidOrder)
            {
                await writer.RowAsync(15 + CompactDetermination.MaxCompared, cancellationToken);
                writer.Bytes(rulesetId);
                writer.Bytes(Pid.BytesOf(in population.Pids[person]));
                writer.Int32(run.Evaluator.Ruleset.Version);
                writer.Uuid(run.EvaluationId);
                writer.Date(run.Evaluator.EvaluationDate);
                writer.Timestamp(run.EvaluatedAt);
                writer.Bytes(output.ProvinceBytes[population.Province[person]]);
                writer.Boolean(population.CardHolder[person]);
                writer.Bytes(output.OutcomeBytes[decisions.Outcome(person)]);

                var state = decisions.State[person];
                var failedBytes = 0;
                var failedCount = 0;
                var passedBytes = 0;
                var unknown = false;
                for (var i = 0; i < criteria; i++)
                {
                    var verdict = (state >> (2 * i)) & 3;
                    if (verdict == 2)
                    {
                        failedBytes += 4 + output.CriterionIds[i].Length;
                        failedCount++;
                    }

                    unknown |= verdict == 0;
                    passedBytes += verdict == 0 ? 4 : 5;
                }

                writer.ArrayStart(BinaryCopyWriter.TextOid, failedCount, hasNulls: false, failedBytes);
                for (var i = 0; i < criteria; i++)
                {
                    if (((state >> (2 * i)) & 3) == 2)
                    {
                        writer.ElementText(output.CriterionIds[i]);
                    }
                }

                writer.ArrayStart(BinaryCopyWriter.BooleanOid, criteria, unknown, passedBytes);
                for (var i = 0; i < criteria; i++)
                {
                    writer.ElementBoolean(((state >> (2 * i)) & 3) switch { 1 => true, 2 => false, _ => null });
                }

                var values = decisions.Values.AsSpan(person * criteria, criteria);
                var valueBytes = 0;
                var noValue = false;
                foreach (var value in values)
                {
                    valueBytes += double.IsNaN(value) ? 4 : 12;
                    noValue |= double.IsNaN(value);
                }

                writer.ArrayStart(BinaryCopyWriter.Float8Oid, criteria, noValue, valueBytes);
                foreach (var value in values)
                {
                    writer.ElementFloat8(value);
                }

                writer.Float8OrNull(output.Benefit >= 0 ? values[output.Benefit] : double.NaN);
                writer.Boolean(decisions.Stale[person]);
                writer.Int64(state);
                for (var j = 0; j < CompactDetermination.MaxCompared; j++)
                {
                    writer.Float8OrNull(j < slots.Count ? values[slots[j]] : double.NaN);
                }
            }
        }
    }

    /// <summary>
    /// Copies the rows into one of the new generation's tables, emptied in the same transaction so that
    /// they go in frozen (COPY FREEZE) and their pages all-visible: otherwise the first reader of 1M
    /// fresh rows sets their hint bits and writes every page again, and autovacuum freezes them later.
    /// (The next run's read of the stored determinations did not get measurably faster: 2-4 s beside
    /// the facts either way.) No one reads the table before the swap.
    /// </summary>
    private async Task CopyFrozenAsync(string table, string columns, Func<BinaryCopyWriter, Task> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var truncate = new NpgsqlCommand($"truncate {table}", connection, transaction))
        {
            await truncate.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginRawBinaryCopyAsync($"copy {table} ({columns}) from stdin (format binary, freeze)", cancellationToken))
        {
            try
            {
                var writer = new BinaryCopyWriter(copy);
                writer.Header();
                await rows(writer);
                await writer.EndAsync(cancellationToken);
            }
            catch (Exception)
            {
                // Disposing would end the COPY and store the rows written so far.
                await CancelAsync(copy);
                throw;
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task CancelAsync(NpgsqlRawCopyStream copy)
    {
        try
        {
            await copy.CancelAsync();
        }
        catch (Exception failure) when (failure is NpgsqlException or IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The connection broke: the transaction, and the rows in it, are gone with it.
        }
    }

    /// <summary>
    /// The determinations that differ from the stored ones (outcome, failed criteria, card holder or
    /// province; everyone on a first run), as <see cref="SqlEvaluation.ChangedSelect"/> finds them, into the change set.
    /// </summary>
    private static async Task<ChangeCounts> WriteChangesAsync(Output output, ChangeSetUpload upload, CancellationToken cancellationToken)
    {
        var (population, decisions, run) = (output.Population, output.Decisions, output.Run);
        var failedIds = new Dictionary<ulong, string[]>();
        var lines = new ChangeLines(upload.Chunks);
        foreach (var person in output.PidOrder)
        {
            var outcome = decisions.Outcome(person);
            var failed = decisions.Failed(person);
            var holder = population.CardHolder[person];
            var previous = population.PreviousOutcome[person];
            var determined = previous != Population.NotDetermined;
            if (determined && previous == outcome && population.PreviousFailed[person] == failed
                && population.PreviousCardHolder[person] == holder && population.PreviousProvince[person] == population.Province[person])
            {
                continue;
            }

            if (!failedIds.TryGetValue(failed, out var ids))
            {
                failedIds[failed] = ids = [.. run.Evaluator.Ruleset.Criteria.Where((_, i) => (failed & (1UL << i)) != 0).Select(c => c.Id)];
            }

            const int Eligible = 0, Ineligible = 1;
            var wasHolderIneligible = determined && population.PreviousCardHolder[person] && previous == Ineligible;
            var wasNonHolderEligible = determined && !population.PreviousCardHolder[person] && previous == Eligible;
            lines.Write(
                Pid.BytesOf(in population.Pids[person]), population.Provinces[population.Province[person]], holder, Outcomes[outcome], determined ? Outcomes[previous] : null, ids,
                inclusionError: holder && outcome == Ineligible && !wasHolderIneligible,
                exclusionError: !holder && outcome == Eligible && !wasNonHolderEligible);
            await lines.FlushWhenFullAsync(cancellationToken);
        }

        var counts = await lines.CompleteAsync(cancellationToken);
        upload.Chunks.Complete();
        return counts;
    }

    /// <summary>
    /// A failed run's half-filled generation is dropped at once, not when the next full run starts: for
    /// 22 million people it holds gigabytes. If the database is what failed, the next full run drops it.
    /// </summary>
    private async Task DropGenerationAsync(short key)
    {
        try
        {
            await ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"drop table if exists determinations_next_{key}"), CancellationToken.None);
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

    /// <summary>What the writers share: the people (and their order), their decisions, the run, the generation's key, and the texts they write as bytes.</summary>
    private sealed class Output(Population population, int[] pidOrder, Decisions decisions, EvaluationRun run, short key)
    {
        public Population Population { get; } = population;
        /// <summary>Everyone in the order rows are written: by pid.</summary>
        public int[] PidOrder { get; } = pidOrder;
        public Decisions Decisions { get; } = decisions;
        public EvaluationRun Run { get; } = run;
        public short Key { get; } = key;
        public byte[][] ProvinceBytes { get; } = [.. population.Provinces.Select(Encoding.UTF8.GetBytes)];
        public byte[][] OutcomeBytes { get; } = [.. Outcomes.Select(Encoding.UTF8.GetBytes)];
        public byte[][] CriterionIds { get; } = [.. run.Evaluator.Ruleset.Criteria.Select(c => Encoding.UTF8.GetBytes(c.Id))];
        /// <summary>The criterion whose value is the benefit income, or -1.</summary>
        public int Benefit { get; } = run.Evaluator.Ruleset.Criteria.ToList().FindIndex(c => c.Id == run.Evaluator.Ruleset.BenefitIncomeCriterion);
    }
}

/// <summary>A full run's people evaluated and its change set.</summary>
internal sealed record FullRunResult(int Evaluated, PublishedChanges Published);
