using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// A ruleset (data) compiled into one set-based SELECT that decides everyone in the session's
/// <c>touched_households</c> inside PostgreSQL, with the same semantics as <see cref="RulesetEvaluator"/>
/// (the reference; an integration test checks both agree on every boundary). Each criterion becomes
/// SQL expressions; every value taken from the ruleset (limits in force on the evaluation date,
/// expected values, fact names, criterion ids, dates) is a bound parameter, never SQL text, and
/// column names are positional (<c>n3</c>, <c>v1</c>), so no ruleset text reaches the statement.
/// Only whether a parameter is in force changes the statement's shape.
/// </summary>
/// <remarks>
/// Output columns: pid, province_code, card_holder, outcome, failed_criteria text[], passed boolean[],
/// criterion_values float8[], benefit_income float8, stale boolean (the outcome rests on stale evidence:
/// <see cref="Determination.RestsOnStaleEvidence"/>), state bigint (verdicts and outcome, <see cref="Simulations.CompactDetermination"/>). Values, limits, sources and as-of dates for
/// explain are re-derived by the reference evaluator from the same facts (see <c>DeterminationStore</c>).
/// </remarks>
internal sealed class CompiledRuleset
{
    private static readonly HashSet<string> RegistrationFacts = ["nationality", "birth_date", "declared_income"];
    private readonly List<(object? Value, NpgsqlDbType Type)> parameters = [];
    private readonly int firstParameter;

    /// <param name="ruleset">The ruleset.</param>
    /// <param name="evaluationDate">The date the parameters are taken at and evidence freshness is judged on.</param>
    /// <param name="firstParameter">The number of the statement's first parameter ($n): the caller's own come before.</param>
    public CompiledRuleset(Ruleset ruleset, DateOnly evaluationDate, int firstParameter = 1)
    {
        this.firstParameter = firstParameter;
        Select = Build(ruleset, evaluationDate);
    }

    /// <summary>The SELECT deciding everyone in <c>touched_households</c>.</summary>
    public string Select { get; }

    /// <summary>Fresh parameter objects for one command (Npgsql parameters belong to one command).</summary>
    public IEnumerable<NpgsqlParameter> CreateParameters() =>
        parameters.Select(p => new NpgsqlParameter { Value = p.Value ?? DBNull.Value, NpgsqlDbType = p.Type });

    private string Bind(object? value, NpgsqlDbType type)
    {
        parameters.Add((value, type));
        return string.Create(CultureInfo.InvariantCulture, $"${firstParameter + parameters.Count - 1}");
    }

    private string Build(Ruleset ruleset, DateOnly date)
    {
        var evidenceTypes = ruleset.Criteria.SelectMany(c => c.Facts).Where(f => !RegistrationFacts.Contains(f)).Distinct(StringComparer.Ordinal).ToList();
        var freshSince = new RulesetEvaluator(ruleset, date).FreshSince;
        var fresh = Bind(freshSince, NpgsqlDbType.Date);
        var referenceDate = Bind(ruleset.ReferenceDate, NpgsqlDbType.Date);
        var referenceYear = Bind(ruleset.ReferenceDate.Year, NpgsqlDbType.Integer);

        // Evidence pivoted: one row per person, v{j}/a{j} the value and as-of of evidence type j.
        var pivot = new StringBuilder();
        var evidenceColumns = new StringBuilder();
        for (var j = 0; j < evidenceTypes.Count; j++)
        {
            var type = Bind(evidenceTypes[j], NpgsqlDbType.Text);
            pivot.Append(CultureInfo.InvariantCulture, $",\n        max(pe.value) filter (where pe.evidence_type = {type}) as v{j}, max(pe.as_of) filter (where pe.evidence_type = {type}) as a{j}");
            evidenceColumns.Append(CultureInfo.InvariantCulture, $", e.v{j}, e.a{j}");
        }

        string Present(string fact) => RegistrationFacts.Contains(fact) ? "true" : $"v{evidenceTypes.IndexOf(fact)} is not null";
        string Number(string fact) => fact == "declared_income" ? "declared_income" : RegistrationFacts.Contains(fact) ? "null::numeric" : $"v{evidenceTypes.IndexOf(fact)}";
        string Stale(string fact) => RegistrationFacts.Contains(fact) ? "false" : $"coalesce(a{evidenceTypes.IndexOf(fact)} < {fresh}::date, false)";
        string FirstOf(IReadOnlyList<string> facts, Func<string, string> pick) =>
            "case " + string.Concat(facts.Select(f => $"when {Present(f)} then {pick(f)} ")) + "end";

        // Level 1, per person: for criterion i, fk{i} the person has one of its facts, fn{i} its number,
        // ft{i} its text, fd{i} its date, fs{i} it is stale (the first of the criterion's facts present).
        var person = new List<string>();
        // Level 2, the value the criterion compares: the person's own or the household's mean; the
        // missing-value rule applied. k{i} known, n{i} number, s{i} stale.
        var decided = new List<string>();
        // Level 3, per criterion: p{i} passed (null unknown), x{i} the value stored, z{i} decided on stale evidence.
        var judged = new List<string>();
        for (var i = 0; i < ruleset.Criteria.Count; i++)
        {
            var criterion = ruleset.Criteria[i];
            // Only the columns the criterion's comparison reads are carried (through the sort and the
            // window): a date for an age, a text for an expected text, else a number.
            var usesDate = criterion.Comparison == Comparison.MinAge;
            var usesText = criterion.Comparison == Comparison.EqualTo && criterion.ExpectedText is not null;
            var usesNumber = !usesDate && !usesText || criterion.Aggregate == Aggregate.HouseholdAverage;
            var onEvidence = criterion.Facts.Any(f => !RegistrationFacts.Contains(f));
            var personColumns = new List<string> { $"({string.Join(" or ", criterion.Facts.Select(Present))}) as fk{i}" };
            var decidedColumns = new List<string>();
            if (usesNumber)
            {
                personColumns.Add($"{FirstOf(criterion.Facts, Number)} as fn{i}");
            }

            if (usesText)
            {
                personColumns.Add($"{FirstOf(criterion.Facts, f => f == "nationality" ? "nationality" : "null::text")} as ft{i}");
                decidedColumns.Add($"ft{i} as t{i}");
            }

            if (usesDate)
            {
                personColumns.Add($"{FirstOf(criterion.Facts, f => f == "birth_date" ? "birth_date" : "null::date")} as fd{i}");
                decidedColumns.Add($"fd{i} as d{i}");
            }

            if (onEvidence)
            {
                personColumns.Add($"{FirstOf(criterion.Facts, Stale)} as fs{i}");
            }

            person.Add(string.Join(", ", personColumns));

            string known, number, stale;
            if (criterion.Aggregate == Aggregate.HouseholdAverage)
            {
                // The evaluator: unknown when any member lacks a number; the mean is sum ÷ members.
                known = $"(count(*) over h = count(case when fk{i} then fn{i} end) over h)";
                number = $"(avg(fn{i}) over h)";
                stale = $"(bool_or(fk{i} and fs{i}) over h)";
            }
            else
            {
                (known, number, stale) = ($"fk{i}", $"fn{i}", $"(fk{i} and fs{i})");
            }

            if (criterion.MissingValue is { } missing)
            {
                decidedColumns.Insert(0, $"true as k{i}");
                if (usesNumber)
                {
                    decidedColumns.Add($"case when {known} then {number} else {Bind(missing, NpgsqlDbType.Numeric)}::numeric end as n{i}");
                }
            }
            else
            {
                decidedColumns.Insert(0, $"{known} as k{i}");
                if (usesNumber)
                {
                    decidedColumns.Add($"case when {known} then {number} end as n{i}");
                }
            }

            if (onEvidence)
            {
                decidedColumns.Add($"({known} and {stale}) as s{i}");
            }

            decided.Add(string.Join(", ", decidedColumns));
            judged.Add(Judge(criterion, i, ruleset.ParameterOn(criterion.Parameter, date), referenceDate, referenceYear, onEvidence));
        }

        var count = ruleset.Criteria.Count;
        var indexes = Enumerable.Range(0, count).ToList();
        var failedIds = string.Join(", ", indexes.Select(i => $"case when p{i} is false then {Bind(ruleset.Criteria[i].Id, NpgsqlDbType.Text)}::text end"));
        var anyFailed = string.Join(" or ", indexes.Select(i => $"p{i} is false"));
        var anyUnknown = string.Join(" or ", indexes.Select(i => $"p{i} is null"));
        var staleFailed = string.Join(" or ", indexes.Select(i => $"(p{i} is false and z{i})"));
        var staleDecided = string.Join(" or ", indexes.Select(i => $"z{i}"));
        var benefitIndex = ruleset.Criteria.ToList().FindIndex(c => c.Id == ruleset.BenefitIncomeCriterion);
        // The verdicts and outcome as the determinations' compact state keeps them (CompactDetermination, migration 0007's simulation_state).
        var state = string.Join(" | ", indexes.Select(i => string.Create(CultureInfo.InvariantCulture,
                $"case when p{i} then {1L << (2 * i)}::bigint when p{i} is false then {2L << (2 * i)}::bigint else 0::bigint end"))
            .Append(string.Create(CultureInfo.InvariantCulture,
                $"case when {anyFailed} then {1L << Simulations.CompactDetermination.OutcomeShift}::bigint when {anyUnknown} then {2L << Simulations.CompactDetermination.OutcomeShift}::bigint else 0::bigint end")));

        // "offset 0" keeps person and judged as subqueries of their own: flattened, every reference
        // to fk{i} or p{i} above them would repeat the whole expression beneath it (measured at
        // 1M people: 23.4 s to decide with the expressions repeated, 14.7 s without).
        return $"""
            with evidence as (
                select pe.pid{pivot}
                from touched_households c join person_facts pf on pf.hid = c.hid join person_evidence pe on pe.pid = pf.pid
                group by pe.pid),
            facts as (
                select pf.pid, pf.hid, pf.province_code, pf.card_holder, pf.birth_date, pf.nationality, pf.declared_income{evidenceColumns}
                from touched_households c join person_facts pf on pf.hid = c.hid left join evidence e on e.pid = pf.pid),
            person as (
                select pid, hid, province_code, card_holder,
                    {string.Join(",\n        ", person)}
                from facts offset 0),
            decided as (
                select pid, province_code, card_holder,
                    {string.Join(",\n        ", decided)}
                from person window h as (partition by hid)),
            judged as (
                select pid, province_code, card_holder,
                    {string.Join(",\n        ", judged)}
                from decided offset 0)
            select pid, province_code, card_holder,
                case when {anyFailed} then 'ineligible' when {anyUnknown} then 'unknown' else 'eligible' end as outcome,
                array_remove(array[{failedIds}], null) as failed_criteria,
                array[{string.Join(", ", indexes.Select(i => $"p{i}"))}]::boolean[] as passed,
                array[{string.Join(", ", indexes.Select(i => $"x{i}"))}]::float8[] as criterion_values,
                {(benefitIndex >= 0 ? $"x{benefitIndex}" : "null::float8")} as benefit_income,
                case when {anyFailed} then {staleFailed} else {staleDecided} end as stale,
                {state} as state
            from judged
            """;
    }

    /// <summary>p{i}, x{i}, z{i} for one criterion: the evaluator's comparisons in SQL.</summary>
    private string Judge(CriterionDefinition criterion, int i, decimal? limit, string referenceDate, string referenceYear, bool onEvidence)
    {
        // Age in full years on the reference date: someone born on 29 Feb has a full year on 28 Feb
        // (date + interval clamps to the month's end, as DateOnly.AddYears does).
        var age = $"(({referenceYear} - extract(year from d{i})::int) - case when {referenceDate}::date < (d{i} + make_interval(years => {referenceYear} - extract(year from d{i})::int))::date then 1 else 0 end)";
        var shown = $"round(n{i}, 2)::float8";
        if (criterion.Comparison is not Comparison.EqualTo && limit is null)
        {
            // Not in force on this date: passes without counting; the value is kept for what-if.
            var value = criterion.Comparison == Comparison.MinAge ? $"{age}::float8" : shown;
            return $"true as p{i}, case when k{i} then {value} end as x{i}, false as z{i}";
        }

        string passed, stored;
        switch (criterion.Comparison)
        {
            case Comparison.AtMost:
                passed = $"n{i} <= {Bind(limit, NpgsqlDbType.Numeric)}::numeric";
                stored = shown;
                break;
            case Comparison.Below:
                passed = $"n{i} < {Bind(limit, NpgsqlDbType.Numeric)}::numeric";
                stored = shown;
                break;
            case Comparison.MinAge:
                passed = $"{age} >= {Bind(limit, NpgsqlDbType.Numeric)}::numeric";
                stored = $"{age}::float8";
                break;
            default:
                if (criterion.ExpectedText is { } text)
                {
                    passed = $"lower(t{i}) = lower({Bind(text, NpgsqlDbType.Text)}::text)";
                    stored = "null::float8";
                }
                else
                {
                    passed = $"n{i} = {Bind(criterion.Expected, NpgsqlDbType.Numeric)}::numeric";
                    stored = $"n{i}::float8";
                }

                break;
        }

        return $"case when k{i} then coalesce({passed}, false) end as p{i}, case when k{i} then {stored} end as x{i}, {(onEvidence ? $"(k{i} and s{i})" : "false")} as z{i}";
    }
}
