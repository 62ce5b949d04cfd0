using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.Eligibility.Determinations;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Writes a chunk's determinations set-based: binary COPY into a staging table, then one statement
/// records the ones that changed (with inclusion and exclusion errors that are new) and one upserts.
/// </summary>
internal static class DeterminationWriter
{
    public static readonly JsonSerializerOptions CriteriaJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
    };

    public static async Task PrepareAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var create = new NpgsqlCommand(
            """
            create temp table if not exists staged_determinations (
                pid char(64) not null, province_code char(2) not null, card_holder boolean not null,
                outcome text not null, failed_criteria text[] not null, passed boolean[] not null, criterion_values float8[] not null,
                benefit_income float8, criteria jsonb not null) on commit drop;
            truncate staged_determinations
            """, connection, transaction);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task CopyAsync(
        NpgsqlConnection connection, int benefitIncomeIndex, IEnumerable<(PersonFacts Person, Determination Determination)> determinations, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy staged_determinations (pid, province_code, card_holder, outcome, failed_criteria, passed, criterion_values, benefit_income, criteria) from stdin (format binary)",
            cancellationToken);
        foreach (var (person, determination) in determinations)
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(person.Pid, NpgsqlDbType.Char, cancellationToken);
            await copy.WriteAsync(person.ProvinceCode, NpgsqlDbType.Char, cancellationToken);
            await copy.WriteAsync(person.CardHolder, NpgsqlDbType.Boolean, cancellationToken);
            await copy.WriteAsync(determination.Outcome, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(determination.FailedCriteria.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(determination.Criteria.Select(c => c.Passed).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Boolean, cancellationToken);
            await copy.WriteAsync(determination.Criteria.Select(c => (double?)c.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
            await copy.WriteAsync(benefitIncomeIndex >= 0 ? (double?)determination.Criteria[benefitIncomeIndex].Value : null, NpgsqlDbType.Double, cancellationToken);
            await copy.WriteAsync(JsonSerializer.Serialize(determination.Criteria, CriteriaJson), NpgsqlDbType.Jsonb, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    public static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, CancellationToken cancellationToken)
    {
        await using var changes = new NpgsqlCommand(
            """
            insert into determination_changes (evaluation_id, pid, province_code, card_holder, outcome, previous_outcome, failed_criteria, inclusion_error, exclusion_error)
            select $1, s.pid, s.province_code, s.card_holder, s.outcome, d.outcome, s.failed_criteria,
                   s.card_holder and s.outcome = 'ineligible' and not coalesce(d.card_holder and d.outcome = 'ineligible', false),
                   not s.card_holder and s.outcome = 'eligible' and not coalesce(not d.card_holder and d.outcome = 'eligible', false)
            from staged_determinations s
            left join determinations d on d.ruleset_id = $2 and d.pid = s.pid
            where d.pid is null or d.outcome <> s.outcome or d.failed_criteria <> s.failed_criteria
               or d.card_holder <> s.card_holder or d.province_code <> s.province_code
            on conflict (evaluation_id, pid) do nothing
            """, connection, transaction);
        changes.Parameters.Add(new NpgsqlParameter { Value = run.EvaluationId });
        changes.Parameters.Add(new NpgsqlParameter { Value = run.Evaluator.Ruleset.Id });
        await changes.ExecuteNonQueryAsync(cancellationToken);

        await using var apply = new NpgsqlCommand(
            """
            insert into determinations (ruleset_id, pid, ruleset_version, evaluation_id, evaluation_date, evaluated_at, province_code, card_holder, outcome,
                failed_criteria, passed, criterion_values, benefit_income)
            select $2, pid, $3, $1, $4, $5, province_code, card_holder, outcome, failed_criteria, passed, criterion_values, benefit_income
            from staged_determinations
            on conflict (ruleset_id, pid) do update set
                ruleset_version = excluded.ruleset_version, evaluation_id = excluded.evaluation_id, evaluation_date = excluded.evaluation_date,
                evaluated_at = excluded.evaluated_at, province_code = excluded.province_code, card_holder = excluded.card_holder,
                outcome = excluded.outcome, failed_criteria = excluded.failed_criteria, passed = excluded.passed,
                criterion_values = excluded.criterion_values, benefit_income = excluded.benefit_income
            """, connection, transaction);
        apply.Parameters.Add(new NpgsqlParameter { Value = run.EvaluationId });
        apply.Parameters.Add(new NpgsqlParameter { Value = run.Evaluator.Ruleset.Id });
        apply.Parameters.Add(new NpgsqlParameter { Value = run.Evaluator.Ruleset.Version });
        apply.Parameters.Add(new NpgsqlParameter { Value = run.Evaluator.EvaluationDate });
        apply.Parameters.Add(new NpgsqlParameter { Value = run.EvaluatedAt });
        await apply.ExecuteNonQueryAsync(cancellationToken);

        await using var details = new NpgsqlCommand(
            """
            insert into determination_details (ruleset_id, pid, criteria) select $1, pid, criteria from staged_determinations
            on conflict (ruleset_id, pid) do update set criteria = excluded.criteria
            """, connection, transaction);
        details.Parameters.Add(new NpgsqlParameter { Value = run.Evaluator.Ruleset.Id });
        await details.ExecuteNonQueryAsync(cancellationToken);
    }
}
