using System.Runtime.CompilerServices;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Rulesets;
using WelfarePlatform.Eligibility.Simulations;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Decides everyone in a <see cref="Population"/> under one ruleset on one date, with the semantics
/// of <see cref="RulesetEvaluator"/> (the reference: <c>CompiledEvaluationTests</c> checks a full
/// run against it on every boundary), over arrays rather than one object per person and criterion.
/// Each person's verdicts and outcome come out as <see cref="CompactDetermination"/>'s <c>state</c>,
/// with the value each criterion compared and whether the outcome rests on stale evidence.
/// </summary>
internal sealed class PopulationDecider
{
    private static readonly int EpochDayNumber = new DateOnly(2000, 1, 1).DayNumber;
    private readonly Ruleset ruleset;
    private readonly Criterion[] criteria;
    private readonly int? freshSinceDay;

    public PopulationDecider(RulesetEvaluator evaluator, IReadOnlyList<string> evidenceTypes)
    {
        ruleset = evaluator.Ruleset;
        freshSinceDay = evaluator.FreshSince is { } since ? since.DayNumber - EpochDayNumber : null;
        criteria = [.. ruleset.Criteria.Select(c => new Criterion(
            c,
            [.. c.Facts.Select(f => f switch
            {
                "nationality" => FactSource.Nationality,
                "birth_date" => FactSource.BirthDate,
                "declared_income" => FactSource.DeclaredIncome,
                _ => FactSource.Evidence + EvidenceIndex(evidenceTypes, f),
            })],
            ruleset.ParameterOn(c.Parameter, evaluator.EvaluationDate)))];
    }

    /// <summary>The evidence types <paramref name="ruleset"/>'s criteria read, in the order a population keeps them.</summary>
    public static IReadOnlyList<string> EvidenceTypesOf(Ruleset ruleset) =>
        [.. ruleset.Criteria.SelectMany(c => c.Facts).Where(f => f is not ("nationality" or "birth_date" or "declared_income")).Distinct(StringComparer.Ordinal)];

    /// <summary>Decides everyone, on <paramref name="threads"/> threads.</summary>
    public Decisions Decide(Population population, int threads)
    {
        var households = HouseholdTotals(population);
        var decisions = new Decisions(population.Count, criteria.Length);
        var chunk = (population.Count + threads - 1) / Math.Max(threads, 1);
        try
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, thread =>
            {
                var end = Math.Min(population.Count, (thread + 1) * chunk);
                for (var person = thread * chunk; person < end; person++)
                {
                    DecidePerson(population, households, decisions, person);
                }
            });
        }
        catch (AggregateException failure)
        {
            // The person's reason, not "one or more errors occurred", reaches the run's status.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure.InnerExceptions[0]);
        }

        return decisions;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DecidePerson(Population population, HouseholdTotal[][] households, Decisions decisions, int person)
    {
        var values = decisions.Values.AsSpan(person * criteria.Length, criteria.Length);
        long verdicts = 0;
        bool anyFailed = false, anyUnknown = false, staleFailed = false, staleDecided = false;
        for (var i = 0; i < criteria.Length; i++)
        {
            var criterion = criteria[i];
            var (passed, value, stale) = Judge(criterion, criterion.Household ? households[i][population.Household[person]].Fact() : Find(criterion, population, person), population, person);
            values[i] = value;
            if (passed is true)
            {
                verdicts |= 1L << (2 * i);
            }
            else if (passed is false)
            {
                verdicts |= 2L << (2 * i);
                anyFailed = true;
                staleFailed |= stale;
            }
            else
            {
                anyUnknown = true;
            }

            staleDecided |= stale;
        }

        var outcome = anyFailed ? 1L : anyUnknown ? 2L : 0L;
        decisions.State[person] = verdicts | outcome << CompactDetermination.OutcomeShift;
        decisions.Stale[person] = anyFailed ? staleFailed : staleDecided;
    }

    /// <summary>p{i}, x{i}, z{i} of the compiled statement: passed (null unknown), the value stored (NaN none), decided on stale evidence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (bool? Passed, double Value, bool Stale) Judge(Criterion criterion, Fact fact, Population population, int person)
    {
        var known = fact.Known;
        var number = fact.Number;
        if (criterion.Definition.MissingValue is { } missing && !known)
        {
            // "missing = 0": decided as if the value were given, never stale.
            (known, number, fact) = (true, missing, fact with { Stale = false });
        }

        var stale = known && fact.Stale;
        var definition = criterion.Definition;
        if (definition.Comparison is not Comparison.EqualTo && criterion.Limit is null)
        {
            // Not in force on this date: passes without counting; the value is kept for what-if.
            var kept = !known ? double.NaN : definition.Comparison == Comparison.MinAge ? Age(fact, population, person) : Shown(number);
            return (true, kept, false);
        }

        if (!known)
        {
            return (null, double.NaN, false);
        }

        switch (definition.Comparison)
        {
            case Comparison.AtMost:
                return (number <= criterion.Limit, Shown(number), stale);
            case Comparison.Below:
                return (number < criterion.Limit, Shown(number), stale);
            case Comparison.MinAge:
                var age = Age(fact, population, person);
                return (!double.IsNaN(age) && (decimal)age >= criterion.Limit, age, stale);
            default:
                if (definition.ExpectedText is { } text)
                {
                    var nationality = fact.Nationality >= 0 ? population.Nationalities[fact.Nationality] : null;
                    return (nationality is not null && string.Equals(nationality.TrimEnd(), text, StringComparison.OrdinalIgnoreCase), double.NaN, stale);
                }

                return (number == definition.Expected, number is { } exact ? (double)exact : double.NaN, stale);
        }
    }

    // round(n, 2)::float8: to the satang, half away from zero (as the reference evaluator shows it).
    private static double Shown(decimal? number) => number is { } value ? (double)Math.Round(value, 2, MidpointRounding.AwayFromZero) : double.NaN;

    private double Age(Fact fact, Population population, int person)
    {
        if (fact.BirthDay is not { } day)
        {
            return double.NaN;
        }

        if (day is int.MaxValue or int.MinValue)
        {
            throw new InvalidOperationException(
                $"person_facts gives pid {population.Pids[person].Text} the birth date {(day > 0 ? "" : "-")}infinity, from which no age can be computed; " +
                "correct the registration, and the run's next attempt decides everyone.");
        }

        return RulesetEvaluator.FullYears(DateOnly.FromDayNumber(EpochDayNumber + day), ruleset.ReferenceDate);
    }

    /// <summary>The first of the criterion's facts the person has, as the reference evaluator's Find picks it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Fact Find(Criterion criterion, Population population, int person)
    {
        var types = population.EvidenceTypes.Count;
        foreach (var source in criterion.Sources)
        {
            switch (source)
            {
                case FactSource.Nationality:
                    return new Fact(true, null, population.Nationality[person], null, false);
                case FactSource.BirthDate:
                    return new Fact(true, null, -1, population.BirthDay[person], false);
                case FactSource.DeclaredIncome:
                    return new Fact(true, Baht(population.DeclaredIncome[person]), -1, null, false);
                default:
                    var at = person * types + (source - FactSource.Evidence);
                    var satang = population.EvidenceValue[at];
                    if (satang != Population.Missing)
                    {
                        return new Fact(true, Baht(satang), -1, null, freshSinceDay is { } since && population.EvidenceAsOf[at] < since);
                    }

                    break;
            }
        }

        return new Fact(false, null, -1, null, false);
    }

    /// <summary>Per household criterion, each household's members, members with a number, their sum and whether any was stale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private HouseholdTotal[][] HouseholdTotals(Population population)
    {
        var totals = new HouseholdTotal[criteria.Length][];
        for (var i = 0; i < criteria.Length; i++)
        {
            if (!criteria[i].Household)
            {
                continue;
            }

            var households = totals[i] = LargeArrays.New<HouseholdTotal>(population.HouseholdCount);
            for (var person = 0; person < population.Count; person++)
            {
                var fact = Find(criteria[i], population, person);
                ref var household = ref households[population.Household[person]];
                household.Members++;
                if (fact.Number is { } number)
                {
                    household.WithNumber++;
                    household.Sum += number;
                }

                household.Stale |= fact.Stale;
            }
        }

        return totals;
    }

    private static decimal Baht(long satang)
    {
        var magnitude = (ulong)Math.Abs(satang);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, satang < 0, 2);
    }

    private static int EvidenceIndex(IReadOnlyList<string> evidenceTypes, string type)
    {
        for (var j = 0; j < evidenceTypes.Count; j++)
        {
            if (evidenceTypes[j] == type)
            {
                return j;
            }
        }

        throw new ArgumentException($"The population holds no evidence of type {type}.", nameof(evidenceTypes));
    }

    private sealed record Criterion(CriterionDefinition Definition, int[] Sources, decimal? Limit)
    {
        public bool Household => Definition.Aggregate == Aggregate.HouseholdAverage;
    }

    /// <summary>Where a criterion's fact comes from: the registration, or evidence type (value − <see cref="Evidence"/>).</summary>
    private static class FactSource
    {
        public const int Nationality = -3;
        public const int BirthDate = -2;
        public const int DeclaredIncome = -1;
        public const int Evidence = 0;
    }

    /// <summary>The value a criterion reads: whether the person (or household) has it, as a number, a nationality or a birth day.</summary>
    private readonly record struct Fact(bool Known, decimal? Number, int Nationality, int? BirthDay, bool Stale);

    private struct HouseholdTotal
    {
        public int Members;
        public int WithNumber;
        public decimal Sum;
        public bool Stale;

        /// <summary>The reference's household average: unknown when any member lacks a number; the mean is sum ÷ members.</summary>
        public readonly Fact Fact() => Members > 0 && WithNumber == Members
            ? new Fact(true, Sum / Members, -1, null, Stale)
            : new Fact(false, null, -1, null, false);
    }
}

/// <summary>A full run's decisions, index = person: <see cref="CompactDetermination"/>'s state, the stale flag, and each criterion's value (NaN: none).</summary>
internal sealed class Decisions(int people, int criteria)
{
    public int Criteria { get; } = criteria;
    public long[] State { get; } = LargeArrays.New<long>(people);
    public bool[] Stale { get; } = LargeArrays.New<bool>(people);
    public double[] Values { get; } = LargeArrays.New<double>(people * criteria);

    /// <summary>The outcome's code in <see cref="State"/>: 0 eligible, 1 ineligible, 2 unknown.</summary>
    public int Outcome(int person) => (int)(State[person] >> CompactDetermination.OutcomeShift) & 3;

    /// <summary>Bit i set: criterion i failed.</summary>
    public ulong Failed(int person) => CompactDetermination.FailedBits(State[person], Criteria);
}
