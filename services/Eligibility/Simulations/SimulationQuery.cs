using System.Globalization;
using System.Text;
using Npgsql;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Simulations;

/// <summary>
/// A what-if as one aggregate-only statement. Each person's stored values are compared with the
/// simulated limits (the evaluator's comparisons) and the people are grouped by province, stored
/// outcome and verdicts, the new verdicts of the compared criteria and benefit band: a few thousand
/// groups for millions of people, so PostgreSQL does a cheap comparison per row (in parallel
/// workers) and <see cref="SimulationFold"/> derives the new outcomes and per-criterion shifts once
/// per group. Every limit is a bound parameter.
/// </summary>
/// <remarks>
/// <see cref="Build"/> reads the determinations' compact columns (<see cref="CompactDetermination"/>):
/// verdicts and outcome already one bigint, the compared values plain float8 columns, province,
/// verdicts and new verdicts grouped as three scalar keys. <see cref="BuildOverDeterminations"/> is
/// the previous statement over their arrays (verdicts grouped as a boolean[]), kept as the
/// benchmark's baseline and the reference the tests compare with.
/// </remarks>
public sealed class SimulationQuery
{
    /// <summary>Bits of <c>moved</c> above the compared criteria's codes: the benefit band before and after.</summary>
    private const int LowBeforeBit = 40;
    private const int LowAfterBit = 41;

    private readonly int criteria;

    private SimulationQuery(string sql, IReadOnlyList<object?> parameters, IReadOnlyList<(int Index, int Shift)> compared, IReadOnlySet<int> notApplied,
        (decimal Below, decimal Low, decimal Other) benefitBefore, (decimal Below, decimal Low, decimal Other) benefitAfter, bool compact, int criteria)
    {
        Sql = sql;
        Parameters = parameters;
        Compared = compared;
        NotApplied = notApplied;
        BenefitBefore = benefitBefore;
        BenefitAfter = benefitAfter;
        Compact = compact;
        this.criteria = criteria;
    }

    /// <summary>
    /// Compact: province_code, state bigint, moved bigint (bits 40 and 41 the benefit band before and
    /// after), people. Over the arrays: province_code, outcome, passed boolean[], moved bigint,
    /// low_before, low_after, people.
    /// </summary>
    public string Sql { get; }

    /// <summary>
    /// $1 and $2 come first: the ruleset id (the planner reads only its partition) and version. The limits follow.
    /// </summary>
    public IReadOnlyList<object?> Parameters { get; }

    /// <summary>Whether the statement reads the compact columns.</summary>
    public bool Compact { get; }

    /// <summary>Criteria compared again (0-based index) and where their 2-bit code sits in <c>moved</c>: 0 no value (verdict kept), 1 passes, 2 fails.</summary>
    public IReadOnlyList<(int Index, int Shift)> Compared { get; }

    /// <summary>Criteria whose simulated parameter is not in force (ended): they pass without counting.</summary>
    public IReadOnlySet<int> NotApplied { get; }

    /// <summary>Monthly benefit: people with income below <c>Below</c> get <c>Low</c> baht, others <c>Other</c>.</summary>
    public (decimal Below, decimal Low, decimal Other) BenefitBefore { get; }

    public (decimal Below, decimal Low, decimal Other) BenefitAfter { get; }

    /// <summary>The what-if over the determinations' compact columns.</summary>
    public static SimulationQuery Build(Ruleset ruleset, DateOnly date, IReadOnlyDictionary<string, decimal?> overrides) =>
        Create(ruleset, date, overrides, compact: true);

    /// <summary>The previous what-if statement, over the determinations' arrays (the baseline).</summary>
    public static SimulationQuery BuildOverDeterminations(Ruleset ruleset, DateOnly date, IReadOnlyDictionary<string, decimal?> overrides) =>
        Create(ruleset, date, overrides, compact: false);

    private static SimulationQuery Create(Ruleset ruleset, DateOnly date, IReadOnlyDictionary<string, decimal?> overrides, bool compact)
    {
        decimal? Base(string? parameter) => ruleset.ParameterOn(parameter, date);
        decimal? Simulated(string? parameter) => parameter is not null && overrides.TryGetValue(parameter, out var value) ? value : Base(parameter);

        var parameters = new List<object?> { ruleset.Id, ruleset.Version };
        string Bind(decimal value)
        {
            parameters.Add(value);
            return string.Create(CultureInfo.InvariantCulture, $"${parameters.Count}::float8");
        }

        var slots = CompactDetermination.Slots(ruleset).ToList();
        string Value(int index) => compact
            ? string.Create(CultureInfo.InvariantCulture, $"v{slots.IndexOf(index) + 1}")
            : string.Create(CultureInfo.InvariantCulture, $"criterion_values[{index + 1}]");

        var compared = new List<(int Index, int Shift)>();
        var notApplied = new HashSet<int>();
        var moved = new StringBuilder(compact ? "" : "0::bigint");
        for (var i = 0; i < ruleset.Criteria.Count; i++)
        {
            var criterion = ruleset.Criteria[i];
            if (criterion.Comparison == Comparison.EqualTo)
            {
                continue; // not a parameter: the stored verdict stands
            }

            if (Simulated(criterion.Parameter) is not { } limit)
            {
                notApplied.Add(i);
                continue;
            }

            var op = criterion.Comparison switch
            {
                Comparison.AtMost => "<=",
                Comparison.Below => "<",
                _ => ">=", // MinAge: the stored value is the age in full years
            };
            var shift = 2 * compared.Count;
            compared.Add((i, shift));
            var value = Value(i);
            if (compact)
            {
                // The codes as constants: no multiplication per row.
                moved.Append(CultureInfo.InvariantCulture, $"case when {value} is null then 0::bigint when {value} {op} {Bind(limit)} then {1L << shift}::bigint else {2L << shift}::bigint end + ");
            }
            else
            {
                moved.Append(CultureInfo.InvariantCulture, $" + (case when {value} is null then 0 when {value} {op} {Bind(limit)} then 1 else 2 end)::bigint * {1L << shift}");
            }
        }

        var before = (Base("monthly_benefit_low_income_below") ?? 0, Base("monthly_benefit_low") ?? 0, Base("monthly_benefit_other") ?? 0);
        var after = (Simulated("monthly_benefit_low_income_below") ?? 0, Simulated("monthly_benefit_low") ?? 0, Simulated("monthly_benefit_other") ?? 0);
        // The benefit band: one comparison when the what-if leaves its limit alone (the usual case).
        var band = !compact ? "" : before.Item1 == after.Item1
            ? string.Create(CultureInfo.InvariantCulture, $"case when benefit_income < {Bind(before.Item1)} then {(1L << LowBeforeBit) | (1L << LowAfterBit)}::bigint else 0::bigint end")
            : string.Create(CultureInfo.InvariantCulture,
                $"case when benefit_income < {Bind(before.Item1)} then {1L << LowBeforeBit}::bigint else 0::bigint end + case when benefit_income < {Bind(after.Item1)} then {1L << LowAfterBit}::bigint else 0::bigint end");
        var sql = compact
            ? $"""
                select province_code, state, {moved}{band} as moved,
                       count(*)::int as people
                from determinations where ruleset_id = $1 and ruleset_version = $2
                group by 1, 2, 3
                """
            : $"""
                select province_code, outcome, passed, {moved} as moved,
                       coalesce(benefit_income < {Bind(before.Item1)}, false) as low_before, coalesce(benefit_income < {Bind(after.Item1)}, false) as low_after,
                       count(*)::int as people
                from determinations where ruleset_id = $1 and ruleset_version = $2
                group by 1, 2, 3, 4, 5, 6
                """;
        return new SimulationQuery(sql, parameters, compared, notApplied, before, after, compact, ruleset.Criteria.Count);
    }

    /// <summary>One row of <see cref="Sql"/>'s answer as a group of people.</summary>
    public SimulationGroup ReadGroup(NpgsqlDataReader reader)
    {
        if (!Compact)
        {
            return new SimulationGroup(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<bool?[]>(2), reader.GetInt64(3),
                reader.GetBoolean(4), reader.GetBoolean(5), reader.GetInt32(6));
        }

        var (outcome, passed) = CompactDetermination.Decode(reader.GetInt64(1), criteria);
        var moved = reader.GetInt64(2);
        return new SimulationGroup(reader.GetString(0), outcome, passed, moved & ((1L << LowBeforeBit) - 1),
            ((moved >> LowBeforeBit) & 1) == 1, ((moved >> LowAfterBit) & 1) == 1, reader.GetInt32(3));
    }
}

/// <summary>One group of people the query returns: same province, stored outcome and verdicts, new verdicts and benefit band.</summary>
public sealed record SimulationGroup(string Province, string Outcome, bool?[] Passed, long Moved, bool LowBefore, bool LowAfter, int People);

/// <summary>Folds the query's groups into the what-if's counts: the new verdicts, outcomes, costs and per-criterion shifts.</summary>
public static class SimulationFold
{
    public static List<SimulationCounts> Fold(SimulationQuery query, Ruleset ruleset, IEnumerable<SimulationGroup> groups)
    {
        var provinces = new SortedDictionary<string, Accumulator>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            if (!provinces.TryGetValue(group.Province, out var province))
            {
                provinces[group.Province] = province = new Accumulator(ruleset.Criteria.Count);
            }

            var now = (bool?[])group.Passed.Clone();
            foreach (var index in query.NotApplied)
            {
                now[index] = true;
            }

            foreach (var (index, shift) in query.Compared)
            {
                now[index] = ((group.Moved >> shift) & 3) switch { 1 => true, 2 => false, _ => group.Passed[index] };
            }

            var outcome = now.Contains(false) ? Determination.Ineligible : now.Contains(null) ? Determination.Unknown : Determination.Eligible;
            var n = group.People;
            province.Population += n;
            if (group.Outcome == Determination.Eligible)
            {
                province.EligibleBefore += n;
                province.CostBefore += n * (group.LowBefore ? query.BenefitBefore.Low : query.BenefitBefore.Other);
            }

            if (outcome == Determination.Eligible)
            {
                province.EligibleAfter += n;
                province.CostAfter += n * (group.LowAfter ? query.BenefitAfter.Low : query.BenefitAfter.Other);
                province.BecomeEligible += group.Outcome != Determination.Eligible ? n : 0;
            }

            province.BecomeIneligible += outcome == Determination.Ineligible && group.Outcome != Determination.Ineligible ? n : 0;
            for (var i = 0; i < now.Length; i++)
            {
                province.NewlyFailing[i] += now[i] == false && group.Passed[i] != false ? n : 0;
                province.NoLongerFailing[i] += group.Passed[i] == false && now[i] != false ? n : 0;
            }
        }

        return [.. provinces.Select(p => new SimulationCounts(
            p.Key, p.Value.Population, p.Value.EligibleBefore, p.Value.EligibleAfter, p.Value.BecomeEligible, p.Value.BecomeIneligible,
            p.Value.CostBefore, p.Value.CostAfter, p.Value.CostAfter - p.Value.CostBefore,
            ruleset.Criteria.Select((c, i) => (c.Id, Shift: new CriterionShift(p.Value.NewlyFailing[i], p.Value.NoLongerFailing[i]))).ToDictionary(x => x.Id, x => x.Shift)))];
    }

    private sealed class Accumulator(int criteria)
    {
        public int Population;
        public int EligibleBefore;
        public int EligibleAfter;
        public int BecomeEligible;
        public int BecomeIneligible;
        public decimal CostBefore;
        public decimal CostAfter;
        public readonly int[] NewlyFailing = new int[criteria];
        public readonly int[] NoLongerFailing = new int[criteria];
    }
}
