namespace WelfarePlatform.ExternalData.Timeliness;

/// <summary>
/// Sets crisis onset against disbursement uplift, per province (pure: no database, no clock).
/// <list type="bullet">
/// <item>Onset: the first day in [From, To] whose 7-day new cases (that day and the 6 before) per
/// 100,000 people reach the threshold, or a disaster declared on that day, whichever comes first.</item>
/// <item>Baseline: the mean, over the BaselineDays days before onset, of the 7-day payments per person.</item>
/// <item>Uplift: the first day from onset to onset + MaxLagDays (and at most To) whose 7-day payments
/// per person are above the baseline and at least UpliftRatio times it.</item>
/// <item>Lag: uplift day − onset day, in days.</item>
/// </list>
/// </summary>
public static class TimelinessAnalysis
{
    public const string Responded = "responded";
    public const string NoUpliftYet = "no-uplift-yet";
    public const string NoCrisis = "no-crisis";

    public static TimelinessReport Analyse(IReadOnlyList<ProvinceTimelinessInput> inputs, TimelinessParameters parameters, string personsBasis)
    {
        var provinces = inputs.Select(input => AnalyseProvince(input, parameters)).ToList();
        var ranked = Rank(provinces);
        var lags = ranked.Where(p => p.LagDays is not null).Select(p => (decimal)p.LagDays!.Value).Order().ToArray();
        var national = new TimelinessNational(
            ranked.Count(p => p.Status != NoCrisis),
            ranked.Count(p => p.Status == Responded),
            ranked.Count(p => p.Status == NoUpliftYet),
            ranked.Count(p => p.Status == NoCrisis),
            lags.Length == 0 ? null : lags.Length % 2 == 1 ? lags[lags.Length / 2] : (lags[(lags.Length / 2) - 1] + lags[lags.Length / 2]) / 2);
        return new TimelinessReport(parameters, personsBasis, national, ranked);
    }

    public static ProvinceTimeliness AnalyseProvince(ProvinceTimelinessInput input, TimelinessParameters parameters)
    {
        var province = input.Province;
        var (onset, cause, caseRate) = FindOnset(input, parameters);
        if (onset is not { } onsetDay)
        {
            return new ProvinceTimeliness(province.Code, province.NameEn, province.NameTh, NoCrisis, null, null, null, null, null, null, null, null, null, input.Persons);
        }

        var persons = Math.Max(1, input.Persons);
        var baseline = Enumerable.Range(1, parameters.BaselineDays)
            .Select(back => Trailing(input.Payments, onsetDay.AddDays(-back)) / persons)
            .Average();
        var lastDay = onsetDay.AddDays(parameters.MaxLagDays) < parameters.To ? onsetDay.AddDays(parameters.MaxLagDays) : parameters.To;
        for (var day = onsetDay; day <= lastDay; day = day.AddDays(1))
        {
            var perPerson = Trailing(input.Payments, day) / persons;
            if (perPerson > baseline && perPerson >= parameters.UpliftRatio * baseline)
            {
                var lag = day.DayNumber - onsetDay.DayNumber;
                return new ProvinceTimeliness(province.Code, province.NameEn, province.NameTh, Responded, onsetDay, cause, caseRate,
                    Round(baseline), day, Round(perPerson), lag, parameters.To.DayNumber - onsetDay.DayNumber, null, input.Persons);
            }
        }

        return new ProvinceTimeliness(province.Code, province.NameEn, province.NameTh, NoUpliftYet, onsetDay, cause, caseRate,
            Round(baseline), null, null, null, parameters.To.DayNumber - onsetDay.DayNumber, null, input.Persons);
    }

    private static (DateOnly? Onset, string? Cause, decimal? CaseRate) FindOnset(ProvinceTimelinessInput input, TimelinessParameters parameters)
    {
        var population = Math.Max(1, input.Province.Population);
        DateOnly? disaster = input.DisastersDeclaredOn.Where(d => d >= parameters.From && d <= parameters.To).Order().Cast<DateOnly?>().FirstOrDefault();
        var lastCovidDay = disaster ?? parameters.To;
        for (var day = parameters.From; day <= lastCovidDay; day = day.AddDays(1))
        {
            var rate = Trailing(input.NewCases, day) * 100_000m / population;
            if (rate >= parameters.CaseThresholdPer100k)
            {
                return (day, day == disaster ? "covid-cases+disaster" : "covid-cases", Round(rate));
            }
        }

        return disaster is null ? (null, null, null) : (disaster, "disaster", Round(Trailing(input.NewCases, disaster.Value) * 100_000m / population));
    }

    /// <summary>The sum over the 7 days ending on <paramref name="day"/>.</summary>
    private static decimal Trailing(IReadOnlyDictionary<DateOnly, decimal> daily, DateOnly day)
    {
        var sum = 0m;
        for (var back = 0; back < TimelinessParameters.WindowDays; back++)
        {
            sum += daily.GetValueOrDefault(day.AddDays(-back));
        }

        return sum;
    }

    private static List<ProvinceTimeliness> Rank(List<ProvinceTimeliness> provinces)
    {
        // Fastest response first; then provinces still waiting, the longest wait last; ties share a rank.
        var inCrisis = provinces.Where(p => p.Status != NoCrisis)
            .OrderBy(p => p.Status == Responded ? 0 : 1)
            .ThenBy(p => p.Status == Responded ? p.LagDays!.Value : p.DaysSinceOnset!.Value)
            .ThenBy(p => p.Code, StringComparer.Ordinal)
            .ToList();
        var ranked = new List<ProvinceTimeliness>(provinces.Count);
        for (var i = 0; i < inCrisis.Count; i++)
        {
            var tied = i > 0 && inCrisis[i - 1].Status == inCrisis[i].Status
                && (inCrisis[i].Status == Responded ? inCrisis[i - 1].LagDays == inCrisis[i].LagDays : inCrisis[i - 1].DaysSinceOnset == inCrisis[i].DaysSinceOnset);
            ranked.Add(inCrisis[i] with { Rank = tied ? ranked[i - 1].Rank : i + 1 });
        }

        ranked.AddRange(provinces.Where(p => p.Status == NoCrisis).OrderBy(p => p.Code, StringComparer.Ordinal));
        return ranked;
    }

    private static decimal Round(decimal value) => Math.Round(value, 6);
}
