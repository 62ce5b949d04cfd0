using Shouldly;
using WelfarePlatform.ExternalData.Timeliness;
using WelfarePlatform.Reference;

namespace WelfarePlatform.ExternalData.Tests;

public sealed class TimelinessAnalysisTests
{
    private static readonly DateOnly Onset = new(2021, 7, 1);

    private static readonly TimelinessParameters Parameters = new()
    {
        From = new DateOnly(2021, 6, 1),
        To = new DateOnly(2021, 7, 31),
        CaseThresholdPer100k = 50,
        UpliftRatio = 1.5m,
        BaselineDays = 28,
        MaxLagDays = 20,
    };

    private static Province Province(string code) => Provinces.TryGetByCode(code, out var province) ? province : throw new ArgumentException(code);

    /// <summary>Daily values from May to July: <paramref name="normal"/> a day, with the given days overridden.</summary>
    private static Dictionary<DateOnly, decimal> Daily(decimal normal, params (DateOnly Day, decimal Value)[] spikes)
    {
        var daily = new Dictionary<DateOnly, decimal>();
        for (var day = new DateOnly(2021, 5, 1); day <= new DateOnly(2021, 7, 31); day = day.AddDays(1))
        {
            daily[day] = normal;
        }

        foreach (var (day, value) in spikes)
        {
            daily[day] = value;
        }

        return daily;
    }

    private static ProvinceTimelinessInput Input(string code, Dictionary<DateOnly, decimal> cases, Dictionary<DateOnly, decimal> payments, params DateOnly[] disasters) =>
        new(Province(code), cases, disasters, payments, Province(code).Population);

    /// <summary>Chiang Mai (1,797,000 people): 50 per 100,000 over 7 days is 898.5 cases.</summary>
    private static Dictionary<DateOnly, decimal> CovidWaveOn(DateOnly onset) => Daily(10, (onset, 900));

    [Fact]
    public void Money_three_days_after_a_covid_onset_is_a_lag_of_three()
    {
        var result = TimelinessAnalysis.AnalyseProvince(
            Input("50", CovidWaveOn(Onset), Daily(100_000, (Onset.AddDays(3), 1_000_000))), Parameters);

        result.Status.ShouldBe(TimelinessAnalysis.Responded);
        result.Onset.ShouldBe(Onset);
        result.OnsetCause.ShouldBe("covid-cases");
        // 6 × 10 + 900 = 960 cases over 7 days in 1,797,000 people.
        result.CasesPer100kAtOnset.ShouldBe(Math.Round(960m * 100_000 / 1_797_000, 6));
        result.BaselinePerPerson.ShouldBe(Math.Round(700_000m / 1_797_000, 6));
        result.UpliftOn.ShouldBe(Onset.AddDays(3));
        result.LagDays.ShouldBe(3);
    }

    [Fact]
    public void One_day_under_the_threshold_is_no_crisis()
    {
        // 6 × 10 + 838 = 898 < 898.5.
        var result = TimelinessAnalysis.AnalyseProvince(Input("50", Daily(10, (Onset, 838)), Daily(100_000)), Parameters);
        result.Status.ShouldBe(TimelinessAnalysis.NoCrisis);
        result.Rank.ShouldBeNull();
    }

    [Fact]
    public void A_disaster_declaration_is_an_onset_and_flat_payments_are_no_uplift_yet()
    {
        var declared = new DateOnly(2021, 7, 10);
        var result = TimelinessAnalysis.AnalyseProvince(Input("40", Daily(1), Daily(50_000), declared), Parameters);

        result.Status.ShouldBe(TimelinessAnalysis.NoUpliftYet);
        result.Onset.ShouldBe(declared);
        result.OnsetCause.ShouldBe("disaster");
        result.LagDays.ShouldBeNull();
        result.DaysSinceOnset.ShouldBe(21);
    }

    [Fact]
    public void A_payment_just_under_the_uplift_ratio_or_after_the_maximum_lag_does_not_count()
    {
        // 7-day sum 700,000 → 1,049,999: below 1.5 × baseline.
        var under = TimelinessAnalysis.AnalyseProvince(Input("50", CovidWaveOn(Onset), Daily(100_000, (Onset.AddDays(2), 449_999))), Parameters);
        under.Status.ShouldBe(TimelinessAnalysis.NoUpliftYet);

        var late = TimelinessAnalysis.AnalyseProvince(
            Input("50", CovidWaveOn(Onset), Daily(100_000, (Onset.AddDays(Parameters.MaxLagDays + 1), 5_000_000))), Parameters);
        late.Status.ShouldBe(TimelinessAnalysis.NoUpliftYet);
    }

    [Fact]
    public void With_no_payments_before_onset_any_payment_is_an_uplift()
    {
        var result = TimelinessAnalysis.AnalyseProvince(Input("50", CovidWaveOn(Onset), Daily(0, (Onset.AddDays(5), 1))), Parameters);
        result.BaselinePerPerson.ShouldBe(0);
        result.LagDays.ShouldBe(5);
    }

    [Fact]
    public void The_earlier_of_a_covid_crossing_and_a_declaration_is_the_onset()
    {
        var result = TimelinessAnalysis.AnalyseProvince(Input("50", CovidWaveOn(Onset), Daily(100_000), Onset.AddDays(-4)), Parameters);
        result.Onset.ShouldBe(Onset.AddDays(-4));
        result.OnsetCause.ShouldBe("disaster");

        var same = TimelinessAnalysis.AnalyseProvince(Input("50", CovidWaveOn(Onset), Daily(100_000), Onset), Parameters);
        same.OnsetCause.ShouldBe("covid-cases+disaster");
    }

    [Fact]
    public void The_national_ranking_puts_the_fastest_first_ties_together_and_provinces_still_waiting_last()
    {
        var report = TimelinessAnalysis.Analyse(
        [
            Input("10", Daily(10, (Onset, 3_000)), Daily(100_000, (Onset.AddDays(5), 2_000_000))),
            Input("40", Daily(1), Daily(50_000), Onset),
            Input("50", CovidWaveOn(Onset), Daily(100_000, (Onset.AddDays(3), 1_000_000))),
            Input("90", Daily(1), Daily(100_000)),
            Input("20", Daily(1), Daily(10_000, (Onset.AddDays(8), 1_000_000)), Onset.AddDays(5)),
            Input("30", Daily(1), Daily(10_000), Onset.AddDays(10)),
        ], Parameters, "population");

        report.Provinces.Select(p => (p.Code, p.Status, p.LagDays, p.Rank)).ShouldBe(
        [
            ("20", TimelinessAnalysis.Responded, 3, 1),
            ("50", TimelinessAnalysis.Responded, 3, 1),
            ("10", TimelinessAnalysis.Responded, 5, 3),
            ("30", TimelinessAnalysis.NoUpliftYet, null, 4),
            ("40", TimelinessAnalysis.NoUpliftYet, null, 5),
            ("90", TimelinessAnalysis.NoCrisis, null, null),
        ]);
        report.National.ShouldBe(new TimelinessNational(5, 3, 2, 1, 3));
        report.PersonsBasis.ShouldBe("population");
    }
}
