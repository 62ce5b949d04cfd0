using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Determinations;

/// <summary>
/// Decides one person under one ruleset: pure (no I/O, no clock), so every boundary is a unit test
/// and the set-based evaluation, the explain answer and the what-if all use this one definition.
/// </summary>
public sealed class RulesetEvaluator(Ruleset ruleset, DateOnly evaluationDate)
{
    private readonly decimal? maxEvidenceAgeDays = ruleset.ParameterOn(Ruleset.FreshnessParameter, evaluationDate);
    private readonly decimal?[] limits = [.. ruleset.Criteria.Select(c => ruleset.ParameterOn(c.Parameter, evaluationDate))];

    public Ruleset Ruleset => ruleset;

    public DateOnly EvaluationDate => evaluationDate;

    /// <summary>Evidence with an as-of before this date is stale.</summary>
    public DateOnly? FreshSince => maxEvidenceAgeDays is { } days ? evaluationDate.AddDays(-(int)days) : null;

    /// <param name="person">The person decided.</param>
    /// <param name="household">Everyone with the person's household id, the person included.</param>
    public Determination Evaluate(PersonFacts person, IReadOnlyList<PersonFacts> household)
    {
        var results = new CriterionResult[ruleset.Criteria.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = EvaluateCriterion(ruleset.Criteria[i], limits[i], person, household);
        }

        return new Determination(Determination.OutcomeOf(results), results);
    }

    private CriterionResult EvaluateCriterion(CriterionDefinition criterion, decimal? limit, PersonFacts person, IReadOnlyList<PersonFacts> household)
    {
        var fact = criterion.Aggregate == Aggregate.HouseholdAverage ? HouseholdAverage(criterion, household) : Find(criterion, person);
        if (fact is null)
        {
            if (criterion.MissingValue is not { } missing)
            {
                if (criterion.Comparison is not Comparison.EqualTo && limit is null)
                {
                    return new CriterionResult { Id = criterion.Id, Passed = true, Applied = false };
                }

                return new CriterionResult { Id = criterion.Id, Passed = null, Limit = limit ?? criterion.Expected, LimitText = criterion.ExpectedText };
            }

            fact = new FactValue(criterion.Facts[0], missing, null, null, null, false, null) { Defaulted = true };
        }

        var result = new CriterionResult
        {
            Id = criterion.Id,
            Fact = fact.Name,
            Source = fact.Source,
            AsOf = fact.AsOf,
            Stale = fact.Stale,
            Defaulted = fact.Defaulted,
            Members = fact.Members,
        };
        if (criterion.Comparison is not Comparison.EqualTo && limit is null)
        {
            // Not in force on this date: it does not count, but the value is kept for what-if.
            return result with { Passed = true, Applied = false, Value = criterion.Comparison == Comparison.MinAge ? FullYears(fact.Date!.Value, ruleset.ReferenceDate) : Shown(fact.Number) };
        }

        return criterion.Comparison switch
        {
            Comparison.AtMost => result with { Value = Shown(fact.Number), Limit = limit, Passed = fact.Number <= limit },
            Comparison.Below => result with { Value = Shown(fact.Number), Limit = limit, Passed = fact.Number < limit },
            Comparison.MinAge => AgeResult(result, fact, limit!.Value),
            _ when criterion.ExpectedText is { } text => result with { ValueText = fact.Text, LimitText = text, Passed = string.Equals(fact.Text, text, StringComparison.OrdinalIgnoreCase) },
            _ => result with { Value = fact.Number, Limit = criterion.Expected, Passed = fact.Number == criterion.Expected },
        };
    }

    // A household average is compared exactly and shown to the satang, half a satang rounded away
    // from zero (as PostgreSQL's round does, so the compiled evaluation stores the same value).
    private static decimal? Shown(decimal? value) => value is { } number ? Math.Round(number, 2, MidpointRounding.AwayFromZero) : null;

    private CriterionResult AgeResult(CriterionResult result, FactValue birth, decimal minAge)
    {
        var age = FullYears(birth.Date!.Value, ruleset.ReferenceDate);
        return result with { Value = age, Limit = minAge, Passed = age >= minAge };
    }

    /// <summary>Age in full years on <paramref name="on"/>: someone born on that day 18 years earlier is 18 (born 29 Feb: a year is full on 28 Feb).</summary>
    public static int FullYears(DateOnly birthDate, DateOnly on)
    {
        var years = on.Year - birthDate.Year;
        return on < birthDate.AddYears(years) ? years - 1 : years;
    }

    private FactValue? Find(CriterionDefinition criterion, PersonFacts person)
    {
        foreach (var name in criterion.Facts)
        {
            if (Fact(name, person) is { } fact)
            {
                return fact;
            }
        }

        return null;
    }

    private FactValue? HouseholdAverage(CriterionDefinition criterion, IReadOnlyList<PersonFacts> household)
    {
        decimal sum = 0;
        DateOnly? oldest = null;
        var stale = false;
        foreach (var member in household)
        {
            if (Find(criterion, member) is not { Number: { } value } fact)
            {
                return null; // one member's income unknown: the household's average is unknown
            }

            sum += value;
            stale |= fact.Stale;
            oldest = oldest is null || fact.AsOf < oldest ? fact.AsOf : oldest;
        }

        return household.Count == 0 ? null : new FactValue(criterion.Facts[0], sum / household.Count, null, null, oldest, stale, "household") { Members = household.Count };
    }

    private FactValue? Fact(string name, PersonFacts person) => name switch
    {
        "nationality" => new FactValue(name, null, person.Nationality, null, person.RegistrationAsOf, false, person.RegistrationSource),
        "birth_date" => new FactValue(name, null, null, person.BirthDate, person.RegistrationAsOf, false, person.RegistrationSource),
        "declared_income" => new FactValue(name, person.DeclaredIncome, null, null, person.RegistrationAsOf, false, person.RegistrationSource),
        _ when person.Evidence.TryGetValue(name, out var evidence) =>
            new FactValue(name, evidence.Value, null, null, evidence.AsOf, FreshSince is { } since && evidence.AsOf < since, evidence.Source),
        _ => null,
    };

    private sealed record FactValue(string Name, decimal? Number, string? Text, DateOnly? Date, DateOnly? AsOf, bool Stale, string? Source)
    {
        public bool Defaulted { get; init; }
        public int? Members { get; init; }
    }
}
