using System.Globalization;
using System.Text;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Evaluations;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Simulations;

/// <summary>
/// The compact columns each determination carries for what-ifs (migration 0014; until then a copy of
/// its own, <c>simulation_people</c>, migration 0007): the verdicts and outcome as one bigint
/// (<c>state</c>) and, in v1..v16, the values of the criteria that compare with a limit. A what-if
/// reads them, the province and the benefit income, and none of the arrays.
/// </summary>
public static class CompactDetermination
{
    /// <summary>2 bits a criterion and the outcome at bit <see cref="OutcomeShift"/> fit in a bigint.</summary>
    public const int MaxCriteria = 30;

    /// <summary>Value columns v1..v16.</summary>
    public const int MaxCompared = 16;

    public const int OutcomeShift = 60;

    /// <summary>The value columns' names, v1..v16.</summary>
    public static readonly IReadOnlyList<string> ValueColumnNames = [.. Enumerable.Range(1, MaxCompared).Select(j => string.Create(CultureInfo.InvariantCulture, $"v{j}"))];

    /// <summary>
    /// The criteria (0-based index) that compare with a limit, in the ruleset's order: criterion
    /// <c>Slots[j]</c>'s value is in column <c>v{j+1}</c>. "equals" criteria are never compared again.
    /// </summary>
    public static IReadOnlyList<int> Slots(Ruleset ruleset) =>
        [.. ruleset.Criteria.Select((c, i) => (c, i)).Where(x => x.c.Comparison != Comparison.EqualTo).Select(x => x.i)];

    /// <summary>The criteria a <c>state</c> says failed, as bits in the ruleset's order.</summary>
    public static ulong FailedBits(long state, int criteria)
    {
        ulong bits = 0;
        for (var i = 0; i < criteria; i++)
        {
            bits |= ((state >> (2 * i)) & 3) == 2 ? 1UL << i : 0;
        }

        return bits;
    }

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
                var code => throw new InvalidOperationException($"determination state {state} has verdict code {code} for criterion {i}."),
            };
        }

        var outcome = ((state >> OutcomeShift) & 3) switch
        {
            0 => Determination.Eligible,
            1 => Determination.Ineligible,
            2 => Determination.Unknown,
            var code => throw new InvalidOperationException($"determination state {state} has outcome code {code}."),
        };
        return (outcome, passed);
    }

    /// <summary>", v1, …, v16" and, from <c>decided</c>, the value each slot holds (null past the ruleset's compared criteria).</summary>
    public static (string Columns, string Values) ValueColumns(Ruleset ruleset)
    {
        var slots = Slots(ruleset);
        var values = new StringBuilder();
        for (var j = 0; j < MaxCompared; j++)
        {
            // Only criterion indexes (numbers from the ruleset's shape) become SQL text.
            values.Append(j < slots.Count ? string.Create(CultureInfo.InvariantCulture, $", criterion_values[{slots[j] + 1}]") : ", null::float8");
        }

        return (string.Concat(ValueColumnNames.Select(c => ", " + c)), values.ToString());
    }
}
