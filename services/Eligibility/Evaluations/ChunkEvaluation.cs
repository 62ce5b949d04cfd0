using Npgsql;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Decides everyone in the session's <c>chunk_households</c> with the ruleset compiled to SQL and
/// stores their determinations, in one statement inside PostgreSQL: no fact leaves the database.
/// </summary>
internal static class ChunkEvaluation
{
    /// <summary>Households per chunk: each chunk is one statement and one progress step.</summary>
    public const int HouseholdsPerChunk = 20_000;

    /// <summary>Memory for the sorts and hashes of one chunk's statement.</summary>
    public const string WorkMem = "256MB";

    public static async Task PrepareAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var create = new NpgsqlCommand(
            """
            create temp table if not exists chunk_households (hid char(64) primary key) on commit drop;
            truncate chunk_households
            """, connection, transaction);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Decides the households in <c>chunk_households</c> and stores their determinations.</summary>
    /// <returns>People evaluated.</returns>
    public static async Task<int> EvaluateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, CancellationToken cancellationToken)
    {
        // The planner must know the chunk's size to choose index lookups for a few households.
        await using (var analyze = new NpgsqlCommand("analyze chunk_households", connection, transaction))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        return await DecideAndStoreAsync(connection, transaction, run, everyone: false, cancellationToken);
    }

    /// <summary>Decides everyone eligibility holds (a full run) and stores their determinations.</summary>
    /// <returns>People evaluated.</returns>
    public static Task<int> EvaluateEveryoneAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, CancellationToken cancellationToken) =>
        DecideAndStoreAsync(connection, transaction, run, everyone: true, cancellationToken);

    /// <summary>
    /// Two statements. The compiled ruleset decides the people into a temporary table (a query that
    /// only reads, so PostgreSQL may run it with parallel workers); then one statement records the
    /// determinations that changed for the change set (it reads the determinations as they were
    /// before it: every part of a statement sees the same snapshot) and upserts them.
    /// </summary>
    private static async Task<int> DecideAndStoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, bool everyone, CancellationToken cancellationToken)
    {
        var ruleset = run.Evaluator.Ruleset;
        var compiled = new CompiledRuleset(ruleset, run.Evaluator.EvaluationDate, everyone);
        // Sorts and hashes of a large chunk stay in memory; JIT-compiling the wide expressions costs
        // more than it saves.
        await using (var prepare = new NpgsqlCommand(
            $"drop table if exists decided; set local work_mem = '{WorkMem}'; set local jit = off", connection, transaction))
        {
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var decide = new NpgsqlCommand($"create temp table decided on commit drop as\n{compiled.Select}", connection, transaction) { CommandTimeout = 1800 })
        {
            foreach (var parameter in compiled.CreateParameters())
            {
                decide.Parameters.Add(parameter);
            }

            await decide.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var store = new NpgsqlCommand(
            """
            with changes as (
                insert into determination_changes (evaluation_id, pid, province_code, card_holder, outcome, previous_outcome, failed_criteria, inclusion_error, exclusion_error)
                select $1, s.pid, s.province_code, s.card_holder, s.outcome, d.outcome, s.failed_criteria,
                       s.card_holder and s.outcome = 'ineligible' and not coalesce(d.card_holder and d.outcome = 'ineligible', false),
                       not s.card_holder and s.outcome = 'eligible' and not coalesce(not d.card_holder and d.outcome = 'eligible', false)
                from decided s
                left join determinations d on d.ruleset_id = $2 and d.pid = s.pid
                where d.pid is null or d.outcome <> s.outcome or d.failed_criteria <> s.failed_criteria
                   or d.card_holder <> s.card_holder or d.province_code <> s.province_code
                on conflict (evaluation_id, pid) do nothing),
            stored as (
                insert into determinations (ruleset_id, pid, ruleset_version, evaluation_id, evaluation_date, evaluated_at, province_code, card_holder, outcome,
                    failed_criteria, passed, criterion_values, benefit_income, stale)
                select $2, pid, $3, $1, $4, $5, province_code, card_holder, outcome, failed_criteria, passed, criterion_values, benefit_income, stale
                from decided
                on conflict (ruleset_id, pid) do update set
                    ruleset_version = excluded.ruleset_version, evaluation_id = excluded.evaluation_id, evaluation_date = excluded.evaluation_date,
                    evaluated_at = excluded.evaluated_at, province_code = excluded.province_code, card_holder = excluded.card_holder,
                    outcome = excluded.outcome, failed_criteria = excluded.failed_criteria, passed = excluded.passed,
                    criterion_values = excluded.criterion_values, benefit_income = excluded.benefit_income, stale = excluded.stale)
            select count(*)::int from decided
            """, connection, transaction) { CommandTimeout = 1800 };
        store.Parameters.Add(new NpgsqlParameter { Value = run.EvaluationId });
        store.Parameters.Add(new NpgsqlParameter { Value = ruleset.Id });
        store.Parameters.Add(new NpgsqlParameter { Value = ruleset.Version });
        store.Parameters.Add(new NpgsqlParameter { Value = run.Evaluator.EvaluationDate });
        store.Parameters.Add(new NpgsqlParameter { Value = run.EvaluatedAt });
        return (int)(await store.ExecuteScalarAsync(cancellationToken))!;
    }
}
