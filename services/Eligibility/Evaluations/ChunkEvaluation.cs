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

    public static async Task PrepareAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var create = new NpgsqlCommand(
            """
            create temp table if not exists chunk_households (hid char(64) primary key) on commit drop;
            truncate chunk_households
            """, connection, transaction);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// One statement: the compiled ruleset decides the chunk (computed once), the determinations
    /// that changed are recorded for the change set (reading the determinations as they were before
    /// this statement: every part of it sees the same snapshot), and the determinations are upserted.
    /// </summary>
    /// <returns>People evaluated.</returns>
    public static async Task<int> EvaluateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, CancellationToken cancellationToken)
    {
        await using var evaluate = new NpgsqlCommand(
            $"""
            with computed as materialized (
            {run.Compiled.Select}),
            changes as (
                insert into determination_changes (evaluation_id, pid, province_code, card_holder, outcome, previous_outcome, failed_criteria, inclusion_error, exclusion_error)
                select $1, s.pid, s.province_code, s.card_holder, s.outcome, d.outcome, s.failed_criteria,
                       s.card_holder and s.outcome = 'ineligible' and not coalesce(d.card_holder and d.outcome = 'ineligible', false),
                       not s.card_holder and s.outcome = 'eligible' and not coalesce(not d.card_holder and d.outcome = 'eligible', false)
                from computed s
                left join determinations d on d.ruleset_id = $2 and d.pid = s.pid
                where d.pid is null or d.outcome <> s.outcome or d.failed_criteria <> s.failed_criteria
                   or d.card_holder <> s.card_holder or d.province_code <> s.province_code
                on conflict (evaluation_id, pid) do nothing),
            stored as (
                insert into determinations (ruleset_id, pid, ruleset_version, evaluation_id, evaluation_date, evaluated_at, province_code, card_holder, outcome,
                    failed_criteria, passed, criterion_values, benefit_income, stale)
                select $2, pid, $3, $1, $4, $5, province_code, card_holder, outcome, failed_criteria, passed, criterion_values, benefit_income, stale
                from computed
                on conflict (ruleset_id, pid) do update set
                    ruleset_version = excluded.ruleset_version, evaluation_id = excluded.evaluation_id, evaluation_date = excluded.evaluation_date,
                    evaluated_at = excluded.evaluated_at, province_code = excluded.province_code, card_holder = excluded.card_holder,
                    outcome = excluded.outcome, failed_criteria = excluded.failed_criteria, passed = excluded.passed,
                    criterion_values = excluded.criterion_values, benefit_income = excluded.benefit_income, stale = excluded.stale)
            select count(*)::int from computed
            """, connection, transaction) { CommandTimeout = 600 };
        var ruleset = run.Evaluator.Ruleset;
        evaluate.Parameters.Add(new NpgsqlParameter { Value = run.EvaluationId });
        evaluate.Parameters.Add(new NpgsqlParameter { Value = ruleset.Id });
        evaluate.Parameters.Add(new NpgsqlParameter { Value = ruleset.Version });
        evaluate.Parameters.Add(new NpgsqlParameter { Value = run.Evaluator.EvaluationDate });
        evaluate.Parameters.Add(new NpgsqlParameter { Value = run.EvaluatedAt });
        foreach (var parameter in run.Compiled.CreateParameters())
        {
            evaluate.Parameters.Add(parameter);
        }

        return (int)(await evaluate.ExecuteScalarAsync(cancellationToken))!;
    }
}
