using System.Globalization;
using System.Text;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Simulations;

/// <summary>
/// Builds the what-if as one set-based statement over the stored determinations: each person's
/// stored values are compared again with the simulated limits (the evaluator's comparisons, in
/// SQL), and the new outcomes are counted against the stored ones per province and criterion.
/// Numbers are written into the SQL as invariant literals of decimals, never as caller text.
/// </summary>
public static class SimulationQuery
{
    public static string Build(Ruleset ruleset, DateOnly date, IReadOnlyDictionary<string, decimal?> overrides)
    {
        decimal? Base(string? parameter) => ruleset.ParameterOn(parameter, date);
        decimal? Simulated(string? parameter) => parameter is not null && overrides.TryGetValue(parameter, out var value) ? value : Base(parameter);

        var newPasses = string.Join(",\n        ", ruleset.Criteria.Select((c, i) => NewPass(c, i + 1, Simulated(c.Parameter))));
        var perCriterion = new StringBuilder();
        for (var i = 1; i <= ruleset.Criteria.Count; i++)
        {
            perCriterion.Append(CultureInfo.InvariantCulture, $",\n    count(*) filter (where np[{i}] = false and p[{i}] is distinct from false)::int");
            perCriterion.Append(CultureInfo.InvariantCulture, $",\n    count(*) filter (where p[{i}] = false and np[{i}] is distinct from false)::int");
        }

        return $"""
            with judged as (
                select province_code, outcome, p, np, income,
                       case when false = any(np) then 'ineligible' when array_position(np, null) is not null then 'unknown' else 'eligible' end as new_outcome
                from (
                    select province_code, outcome, passed as p, benefit_income as income, array[
                        {newPasses}]::boolean[] as np
                    from determinations where ruleset_id = $1 and ruleset_version = $2
                    offset 0) people
                -- offset 0 keeps each row's np (and new_outcome) computed once: flattened, every np[i] below would rebuild the array.
                offset 0)
            select province_code, count(*)::int,
                count(*) filter (where outcome = 'eligible')::int,
                count(*) filter (where new_outcome = 'eligible')::int,
                count(*) filter (where new_outcome = 'eligible' and outcome <> 'eligible')::int,
                count(*) filter (where new_outcome = 'ineligible' and outcome <> 'ineligible')::int,
                coalesce(sum({Benefit(Base("monthly_benefit_low_income_below"), Base("monthly_benefit_low"), Base("monthly_benefit_other"))}) filter (where outcome = 'eligible'), 0)::float8,
                coalesce(sum({Benefit(Simulated("monthly_benefit_low_income_below"), Simulated("monthly_benefit_low"), Simulated("monthly_benefit_other"))}) filter (where new_outcome = 'eligible'), 0)::float8{perCriterion}
            from judged group by province_code order by province_code
            """;
    }

    private static string NewPass(CriterionDefinition criterion, int index, decimal? limit)
    {
        if (criterion.Comparison == Comparison.EqualTo)
        {
            return $"passed[{index}]"; // not a parameter: unchanged
        }

        if (limit is not { } value)
        {
            return "true"; // not in force on the simulated date
        }

        var op = criterion.Comparison switch
        {
            Comparison.AtMost => "<=",
            Comparison.Below => "<",
            _ => ">=", // MinAge: the stored value is the age in full years
        };
        return $"case when criterion_values[{index}] is null then passed[{index}] else criterion_values[{index}] {op} {Literal(value)} end";
    }

    private static string Benefit(decimal? lowIncomeBelow, decimal? low, decimal? other) =>
        $"case when income < {Literal(lowIncomeBelow ?? 0)} then {Literal(low ?? 0)} else {Literal(other ?? 0)} end";

    private static string Literal(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
