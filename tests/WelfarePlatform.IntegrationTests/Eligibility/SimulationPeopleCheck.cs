using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Shouldly;
using WelfarePlatform.Eligibility.Rulesets;
using WelfarePlatform.Eligibility.Simulations;

namespace WelfarePlatform.IntegrationTests.Eligibility;

/// <summary>
/// Checks the what-ifs' compact rows (<c>simulation_people</c>) against the determinations they copy:
/// the same people, and for each the same ruleset version, province, outcome, verdicts, benefit income
/// and compared values.
/// </summary>
internal static class SimulationPeopleCheck
{
    public static async Task AgreesWithDeterminationsAsync(NpgsqlDataSource dataSource, Ruleset ruleset, string when)
    {
        // Both reads see one snapshot: the service may commit another ruleset's (or this one's)
        // evaluation between them, and the two tables are only equal at each commit.
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        var determinations = new Dictionary<string, (int Version, string Province, string Outcome, bool?[] Passed, double?[] Values, double? Benefit)>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand(
            "select pid, ruleset_version, province_code, outcome, passed, criterion_values, benefit_income from determinations where ruleset_id = $1", connection, snapshot))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = ruleset.Id });
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                determinations[reader.GetString(0)] = (reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<bool?[]>(4),
                    reader.GetFieldValue<double?[]>(5), reader.IsDBNull(6) ? null : reader.GetDouble(6));
            }
        }

        var slots = SimulationPeople.Slots(ruleset);
        var problems = new List<string>();
        var compact = 0;
        await using (var select = new NpgsqlCommand(
            $"""
            select s.pid, s.ruleset_version, s.province_code, s.state, s.benefit_income,
                   array[{string.Join(", ", Enumerable.Range(1, SimulationPeople.MaxCompared).Select(j => string.Create(CultureInfo.InvariantCulture, $"s.v{j}")))}]
            from simulation_people s join simulation_rulesets r using (ruleset_key) where r.ruleset_id = $1
            """, connection, snapshot))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = ruleset.Id });
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                compact++;
                var pid = reader.GetString(0);
                if (!determinations.TryGetValue(pid, out var d))
                {
                    problems.Add($"{pid[..8]}: a compact row without a determination");
                    continue;
                }

                var (outcome, passed) = SimulationPeople.Decode(reader.GetInt64(3), ruleset.Criteria.Count);
                var values = reader.GetFieldValue<double?[]>(5);
                var expectedValues = Enumerable.Range(0, SimulationPeople.MaxCompared).Select(j => j < slots.Count ? d.Values[slots[j]] : null);
                var benefit = reader.IsDBNull(4) ? (double?)null : reader.GetDouble(4);
                if (reader.GetInt32(1) != d.Version || reader.GetString(2) != d.Province || outcome != d.Outcome || !passed.SequenceEqual(d.Passed)
                    || benefit != d.Benefit || !values.SequenceEqual(expectedValues))
                {
                    problems.Add($"{pid[..8]}: compact {outcome} [{string.Join(",", passed)}] values [{string.Join(",", values)}] benefit {benefit}, " +
                        $"determination {d.Outcome} [{string.Join(",", d.Passed)}] values [{string.Join(",", d.Values)}] benefit {d.Benefit}");
                }
            }
        }

        problems.ShouldBeEmpty($"{ruleset.Id} {when}");
        compact.ShouldBe(determinations.Count, $"{ruleset.Id} {when}: compact rows against determinations");
    }

    /// <summary>The what-if over the compact rows answers exactly what the previous statement over determinations answers.</summary>
    public static async Task WhatIfMatchesThePreviousStatementAsync(SimulationRunner runner, Ruleset ruleset, DateOnly date, Dictionary<string, decimal?> overrides)
    {
        var compact = await runner.RunAsync(ruleset, date, overrides, overDeterminations: false, CancellationToken.None);
        var previous = await runner.RunAsync(ruleset, date, overrides, overDeterminations: true, CancellationToken.None);
        var (actual, expected) = (Answer(compact), Answer(previous));
        JsonNode.DeepEquals(actual, expected).ShouldBeTrue($"{ruleset.Id}: {actual.ToJsonString()} against {expected.ToJsonString()}");
    }

    private static JsonNode Answer(SimulationResult result) =>
        JsonNode.Parse(JsonSerializer.Serialize(new { result.National, result.Provinces }, JsonSerializerOptions.Web))!;
}
