using System.Text.Json;
using Npgsql;
using WelfarePlatform.Eligibility.Evaluations;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Determinations;

/// <summary>Reads stored determinations with the ruleset version that produced them.</summary>
public sealed class DeterminationStore(NpgsqlDataSource dataSource)
{
    public async Task<StoredDetermination?> FindAsync(string pid, string rulesetId, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(
            """
            select d.outcome, d.evaluated_at, d.evaluation_date, c.criteria::text, v.definition::text
            from determinations d
            join determination_details c on c.ruleset_id = d.ruleset_id and c.pid = d.pid
            join ruleset_versions v on v.ruleset_id = d.ruleset_id and v.version = d.ruleset_version
            where d.ruleset_id = $1 and d.pid = $2
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = rulesetId });
        select.Parameters.Add(new NpgsqlParameter { Value = pid });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredDetermination(
            reader.GetString(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetFieldValue<DateOnly>(2),
            JsonSerializer.Deserialize<List<CriterionResult>>(reader.GetString(3), DeterminationWriter.CriteriaJson)!,
            JsonSerializer.Deserialize<Ruleset>(reader.GetString(4), RulesetFiles.Json)!);
    }
}

/// <summary>A determination as stored, with the ruleset version it was made under.</summary>
public sealed record StoredDetermination(string Outcome, DateTimeOffset EvaluatedAt, DateOnly EvaluationDate, IReadOnlyList<CriterionResult> Criteria, Ruleset Ruleset);
