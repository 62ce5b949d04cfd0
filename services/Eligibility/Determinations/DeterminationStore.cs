using System.Text.Json;
using Npgsql;
using WelfarePlatform.Eligibility.Evaluations;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Determinations;

/// <summary>
/// Reads a stored determination with the reasons for each criterion. The determination keeps the
/// compact verdicts (passed[] and the values compared); the value's fact, source and as-of are
/// re-derived by the reference evaluator from the person's household facts under the stored ruleset
/// version and evaluation date. That is the same input the determination was made from, because
/// every change to a person's facts re-evaluates their household in the same transaction; the
/// verdicts are checked against the stored ones all the same.
/// </summary>
public sealed class DeterminationStore(NpgsqlDataSource dataSource)
{
    public async Task<StoredDetermination?> FindAsync(string pid, string rulesetId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        string outcome;
        DateTimeOffset evaluatedAt;
        DateOnly evaluationDate;
        bool?[] passed;
        double?[] values;
        Ruleset ruleset;
        await using (var select = new NpgsqlCommand(
            """
            select d.outcome, d.evaluated_at, d.evaluation_date, d.passed, d.criterion_values, v.definition::text
            from determinations d
            join ruleset_versions v on v.ruleset_id = d.ruleset_id and v.version = d.ruleset_version
            where d.ruleset_id = $1 and d.pid = $2
            """, connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = rulesetId });
            select.Parameters.Add(new NpgsqlParameter { Value = pid });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            outcome = reader.GetString(0);
            evaluatedAt = reader.GetFieldValue<DateTimeOffset>(1);
            evaluationDate = reader.GetFieldValue<DateOnly>(2);
            passed = reader.GetFieldValue<bool?[]>(3);
            values = reader.GetFieldValue<double?[]>(4);
            ruleset = JsonSerializer.Deserialize<Ruleset>(reader.GetString(5), RulesetFiles.Json)!;
        }

        var household = await HouseholdFactsReader.ReadHouseholdOfAsync(connection, pid, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var person = household.SingleOrDefault(p => p.Pid == pid);
        var derived = person is null ? null : new RulesetEvaluator(ruleset, evaluationDate).Evaluate(person, household);
        var matches = derived is not null && derived.Outcome == outcome && derived.Criteria.Count == passed.Length
            && derived.Criteria.Select((c, i) => c.Passed == passed[i] && SameValue(c.Value, values[i])).All(same => same);
        return new StoredDetermination(outcome, evaluatedAt, evaluationDate, matches ? derived!.Criteria : [], ruleset, matches);
    }

    // Values are stored as float8: compare to the precision a float8 keeps.
    private static bool SameValue(decimal? derived, double? stored) =>
        (derived, stored) switch
        {
            (null, null) => true,
            ({ } d, { } s) => Math.Abs((double)d - s) <= 1e-9 * Math.Max(1, Math.Abs(s)),
            _ => false,
        };
}

/// <summary>
/// A determination as stored, with the ruleset version it was made under. <see cref="ReasonsAvailable"/>
/// is false when the person's facts no longer give the stored verdicts (facts changed and their
/// re-evaluation has not committed yet): the reasons are then not given rather than given wrong.
/// </summary>
public sealed record StoredDetermination(string Outcome, DateTimeOffset EvaluatedAt, DateOnly EvaluationDate, IReadOnlyList<CriterionResult> Criteria, Ruleset Ruleset, bool ReasonsAvailable);
