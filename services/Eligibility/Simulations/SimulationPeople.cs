using System.Globalization;
using System.Text;
using Npgsql;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Evaluations;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Simulations;

/// <summary>
/// The compact per-person copy of the current determinations that what-ifs read (<c>simulation_people</c>,
/// migration 0007): the stored verdicts and outcome as one bigint (<c>state</c>), the province, the
/// benefit income and, in slots v1..v16, the values of the criteria that compare with a limit.
/// A change set's evaluation writes it from <c>decided</c> in the same transaction as the determinations; a full run copies it into its new generation.
/// </summary>
public static class SimulationPeople
{
    /// <summary>2 bits a criterion and the outcome at bit <see cref="OutcomeShift"/> fit in a bigint.</summary>
    public const int MaxCriteria = 30;

    /// <summary>Value columns v1..v16.</summary>
    public const int MaxCompared = 16;

    public const int OutcomeShift = 60;

    /// <summary>
    /// The criteria (0-based index) that compare with a limit, in the ruleset's order: criterion
    /// <c>Slots[j]</c>'s value is in column <c>v{j+1}</c>. "equals" criteria are never compared again.
    /// </summary>
    public static IReadOnlyList<int> Slots(Ruleset ruleset) =>
        [.. ruleset.Criteria.Select((c, i) => (c, i)).Where(x => x.c.Comparison != Comparison.EqualTo).Select(x => x.i)];

    /// <summary>The stored outcome and per-criterion verdicts (null: unknown) a <c>state</c> encodes.</summary>
    public static (string Outcome, bool?[] Passed) Decode(long state, int criteria)
    {
        var passed = new bool?[criteria];
        for (var i = 0; i < criteria; i++)
        {
            passed[i] = ((state >> (2 * i)) & 3) switch
            {
                1 => true,
                2 => false,
                0 => null,
                var code => throw new InvalidOperationException($"simulation_people state {state} has verdict code {code} for criterion {i}."),
            };
        }

        var outcome = ((state >> OutcomeShift) & 3) switch
        {
            0 => Determination.Eligible,
            1 => Determination.Ineligible,
            2 => Determination.Unknown,
            var code => throw new InvalidOperationException($"simulation_people state {state} has outcome code {code}."),
        };
        return (outcome, passed);
    }

    /// <summary>
    /// Upserts the compact rows of everyone in <c>decided</c>; a row that would not change is not
    /// written, so a change set that changes little writes little.
    /// </summary>
    public static async Task StoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Ruleset ruleset, CancellationToken cancellationToken)
    {
        var (columns, values) = ValueColumns(ruleset);
        var updated = string.Join(", ", new[] { "ruleset_version", "state", "province_code", "benefit_income" }.Concat(Enumerable.Range(1, MaxCompared).Select(j => $"v{j}")).Select(c => $"{c} = excluded.{c}"));
        var current = "s.ruleset_version, s.state, s.province_code, s.benefit_income" + columns.Replace(", v", ", s.v", StringComparison.Ordinal);
        var incoming = "excluded.ruleset_version, excluded.state, excluded.province_code, excluded.benefit_income" + columns.Replace(", v", ", excluded.v", StringComparison.Ordinal);
        await using var store = new NpgsqlCommand(
            $"""
            insert into simulation_people as s (ruleset_key, ruleset_version, state, province_code, benefit_income{columns}, pid)
            select (select ruleset_key from simulation_rulesets where ruleset_id = $1), $2, state, province_code, benefit_income{values}, pid
            from decided order by pid
            on conflict (ruleset_key, pid) do update set {updated}
            where ({current}) is distinct from ({incoming})
            """, connection, transaction) { CommandTimeout = Facts.BulkCommands.TimeoutSeconds };
        store.Parameters.Add(new NpgsqlParameter { Value = ruleset.Id });
        store.Parameters.Add(new NpgsqlParameter { Value = ruleset.Version });
        await store.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>", v1, …, v16" and, from <c>decided</c>, the value each slot holds (null past the ruleset's compared criteria).</summary>
    private static (string Columns, string Values) ValueColumns(Ruleset ruleset)
    {
        var slots = Slots(ruleset);
        var values = new StringBuilder();
        for (var j = 0; j < MaxCompared; j++)
        {
            // Only criterion indexes (numbers from the ruleset's shape) become SQL text.
            values.Append(j < slots.Count ? string.Create(CultureInfo.InvariantCulture, $", criterion_values[{slots[j] + 1}]") : ", null::float8");
        }

        var columns = string.Concat(Enumerable.Range(1, MaxCompared).Select(j => string.Create(CultureInfo.InvariantCulture, $", v{j}")));
        return (columns, values.ToString());
    }

    /// <summary>The ruleset's partition key, or null when no evaluation ever stored people under it.</summary>
    public static async Task<short?> KeyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string rulesetId, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("select ruleset_key from simulation_rulesets where ruleset_id = $1", connection, transaction);
        select.Parameters.Add(new NpgsqlParameter { Value = rulesetId });
        return await select.ExecuteScalarAsync(cancellationToken) is short key ? key : null;
    }
}
