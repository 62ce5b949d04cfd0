using System.Globalization;
using Npgsql;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Decides the people a change set touched with the ruleset compiled to SQL and stores their
/// determinations, inside PostgreSQL, in the caller's transaction (a full run decides in the service: <see cref="FullRun"/>).
/// </summary>
internal static class SqlEvaluation
{
    /// <summary>Memory for the sorts and hashes of the statements.</summary>
    public const string WorkMem = "256MB";

    /// <summary>
    /// The determinations in <c>decided</c> that differ from the stored ones, as <see cref="DeterminationsPublisher"/>
    /// writes them to the change set; $1 the ruleset id. Read before <see cref="StoreAsync"/>, it sees the previous ones.
    /// </summary>
    public const string ChangedSelect =
        """
        select s.pid, s.province_code, s.card_holder, s.outcome, d.outcome as previous_outcome, s.failed_criteria,
               s.card_holder and s.outcome = 'ineligible' and not coalesce(d.card_holder and d.outcome = 'ineligible', false) as inclusion_error,
               not s.card_holder and s.outcome = 'eligible' and not coalesce(not d.card_holder and d.outcome = 'eligible', false) as exclusion_error
        from decided s
        left join determinations d on d.ruleset_id = $1 and d.pid = s.pid
        where d.pid is null or d.outcome <> s.outcome or d.failed_criteria <> s.failed_criteria
           or d.card_holder <> s.card_holder or d.province_code <> s.province_code
        """;

    /// <summary>
    /// The compiled ruleset decides the people of the households in <c>touched_households</c> into
    /// the temporary table <c>decided</c> (a query that only reads, so PostgreSQL may run it with
    /// parallel workers; temporary tables are not written to the WAL, and vanish at commit).
    /// <see cref="ChangedSelect"/> then reads the changes and <see cref="StoreAsync"/> stores the determinations.
    /// </summary>
    public static async Task DecideAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, CancellationToken cancellationToken, PhaseTimer? timer = null)
    {
        var ruleset = run.Evaluator.Ruleset;
        var compiled = new CompiledRuleset(ruleset, run.Evaluator.EvaluationDate);
        // Sorts and hashes stay in memory; JIT-compiling the wide expressions costs more than it saves.
        await using (var prepare = new NpgsqlCommand(
            $"drop table if exists decided; set local work_mem = '{WorkMem}'; set local jit = off",
            connection, transaction))
        {
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var decide = new NpgsqlCommand(
            $"create temp table decided on commit drop as\n{compiled.Select}", connection, transaction) { CommandTimeout = Facts.BulkCommands.TimeoutSeconds })
        {
            foreach (var parameter in compiled.CreateParameters())
            {
                decide.Parameters.Add(parameter);
            }

            await decide.ExecuteNonQueryAsync(cancellationToken);
        }

        timer?.Mark("decide");
        // Without statistics the planner takes decided for a few wide rows and joins it to the stored
        // determinations by a million index lookups (a second full run of 1M people: 9.6 s to read the
        // changes; with statistics, a hash join: 1.9 s). The row count and the join key's statistics
        // are all the plans need (1M people: 0.15 s; every column: 0.45 s).
        await using (var analyze = new NpgsqlCommand("analyze decided (pid)", connection, transaction) { CommandTimeout = Facts.BulkCommands.TimeoutSeconds })
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        timer?.Mark("statistics");
    }

    /// <summary>
    /// Upserts the determinations in <c>decided</c>, with their compact columns for what-ifs (<see cref="Simulations.CompactDetermination"/>),
    /// in pid order: the primary key's pages are then visited once each, not at random (1M people: 12.6 s unordered, 10.9 s ordered).
    /// </summary>
    /// <returns>People evaluated.</returns>
    public static async Task<int> StoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, CancellationToken cancellationToken, PhaseTimer? timer = null)
    {
        var (valueColumns, values) = Simulations.CompactDetermination.ValueColumns(run.Evaluator.Ruleset);
        var valuesUpdated = Simulations.CompactDetermination.ValueColumnNames.Select(c => $", {c} = excluded.{c}");
        await using var store = new NpgsqlCommand(
            $"""
            insert into determinations (ruleset_id, pid, ruleset_version, evaluation_id, evaluation_date, evaluated_at, province_code, card_holder, outcome,
                failed_criteria, passed, criterion_values, benefit_income, stale, state{valueColumns})
            select $2, pid, $3, $1, $4, $5, province_code, card_holder, outcome, failed_criteria, passed, criterion_values, benefit_income, stale, state{values}
            from decided order by pid
            on conflict (ruleset_id, pid) do update set
                ruleset_version = excluded.ruleset_version, evaluation_id = excluded.evaluation_id, evaluation_date = excluded.evaluation_date,
                evaluated_at = excluded.evaluated_at, province_code = excluded.province_code, card_holder = excluded.card_holder,
                outcome = excluded.outcome, failed_criteria = excluded.failed_criteria, passed = excluded.passed,
                criterion_values = excluded.criterion_values, benefit_income = excluded.benefit_income, stale = excluded.stale,
                state = excluded.state{string.Concat(valuesUpdated)}
            """, connection, transaction) { CommandTimeout = Facts.BulkCommands.TimeoutSeconds };
        AddRunParameters(store, run);
        // Every decided person is inserted or updated: the rows affected are the people evaluated.
        var evaluated = await store.ExecuteNonQueryAsync(cancellationToken);
        timer?.Mark("store determinations");
        return evaluated;
    }

    /// <summary>$1 evaluation id, $2 ruleset id, $3 its version, $4 evaluation date, $5 evaluated at.</summary>
    private static void AddRunParameters(NpgsqlCommand command, EvaluationRun run)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = run.EvaluationId });
        command.Parameters.Add(new NpgsqlParameter { Value = run.Evaluator.Ruleset.Id });
        command.Parameters.Add(new NpgsqlParameter { Value = run.Evaluator.Ruleset.Version });
        command.Parameters.Add(new NpgsqlParameter { Value = run.Evaluator.EvaluationDate });
        command.Parameters.Add(new NpgsqlParameter { Value = run.EvaluatedAt });
    }
}
