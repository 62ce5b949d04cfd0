using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Shouldly;
using WelfarePlatform.Eligibility.Rulesets;
using WelfarePlatform.Eligibility.Simulations;

namespace WelfarePlatform.IntegrationTests.Eligibility;

/// <summary>
/// Checks each determination's compact columns for what-ifs (state, benefit income, v1..v16) against
/// its own outcome, verdicts and values: the state decodes to the same outcome and verdicts, and each
/// slot holds the value of the criterion it stands for.
/// </summary>
internal static class CompactColumnsCheck
{
    /// <returns>The determinations checked.</returns>
    public static async Task<int> AgreesWithDeterminationsAsync(NpgsqlDataSource dataSource, Ruleset ruleset, string when)
    {
        var slots = CompactDetermination.Slots(ruleset);
        var problems = new List<string>();
        var checkedRows = 0;
        await using (var select = dataSource.CreateCommand(
            $"""
            select pid, outcome, passed, criterion_values, state,
                   array[{string.Join(", ", Enumerable.Range(1, CompactDetermination.MaxCompared).Select(j => string.Create(CultureInfo.InvariantCulture, $"v{j}")))}]
            from determinations where ruleset_id = $1
            """))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = ruleset.Id });
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                checkedRows++;
                var pid = reader.GetString(0);
                var (storedOutcome, storedPassed, storedValues) = (reader.GetString(1), reader.GetFieldValue<bool?[]>(2), reader.GetFieldValue<double?[]>(3));
                var (outcome, passed) = CompactDetermination.Decode(reader.GetInt64(4), ruleset.Criteria.Count);
                var values = reader.GetFieldValue<double?[]>(5);
                var expectedValues = Enumerable.Range(0, CompactDetermination.MaxCompared).Select(j => j < slots.Count ? storedValues[slots[j]] : null);
                if (outcome != storedOutcome || !passed.SequenceEqual(storedPassed) || !values.SequenceEqual(expectedValues))
                {
                    problems.Add($"{pid[..8]}: state {outcome} [{string.Join(",", passed)}] slots [{string.Join(",", values)}], " +
                        $"determination {storedOutcome} [{string.Join(",", storedPassed)}] values [{string.Join(",", storedValues)}]");
                }
            }
        }

        problems.ShouldBeEmpty($"{ruleset.Id} {when}");
        return checkedRows;
    }

    /// <summary>The what-if over the compact columns answers exactly what the previous statement over the arrays answers.</summary>
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
