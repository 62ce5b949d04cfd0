using Shouldly;
using WelfarePlatform.Contracts;
using WelfarePlatform.DashboardApi.Targeted;

namespace WelfarePlatform.DashboardApi.Tests;

public sealed class TargetedSummaryBuilderTests
{
    [Fact]
    public void Counts_under_k_are_withheld_and_named_and_a_national_total_does_not_give_them_away()
    {
        var summary = TargetedSummaryBuilder.Build("round-2022", new DateOnly(2022, 9, 30),
            [new ProvinceRegistrants("10", 120, 9), new ProvinceRegistrants("50", 10, 0), new ProvinceRegistrants("96", 3, 3)], k: 10);

        summary.National.Registrants.ShouldBe(133);
        summary.National.Holders.ShouldBe(12);
        summary.National.Suppressed.ShouldBeEmpty();

        var bangkok = summary.Provinces.Single(p => p.Code == "10");
        bangkok.Holders.ShouldBeNull();
        bangkok.Suppressed.ShouldBe(["holders"]);

        // 133 − 120 − 10 would give Narathiwat's 3 back: Chiang Mai's 10 (the next smallest) is withheld too.
        var chiangMai = summary.Provinces.Single(p => p.Code == "50");
        chiangMai.Registrants.ShouldBeNull();
        chiangMai.Holders.ShouldBe(0);
        chiangMai.Suppressed.ShouldBe(["registrants", "unknown"]);

        var narathiwat = summary.Provinces.Single(p => p.Code == "96");
        narathiwat.Registrants.ShouldBeNull();
        narathiwat.Holders.ShouldBeNull();
        narathiwat.Suppressed.ShouldBe(["registrants", "holders", "unknown"]);
    }

    [Fact]
    public void Without_determinations_every_registrant_is_unknown()
    {
        var summary = TargetedSummaryBuilder.Build("round-2022", null, [new ProvinceRegistrants("10", 50, 20)], k: 10);
        summary.National.Unknown.ShouldBe(50);
        summary.National.Eligible.ShouldBe(0);
        summary.National.Ineligible.ShouldBe(0);
    }

    [Fact]
    public void Determinations_are_summed_nationally_and_small_criterion_counts_are_withheld_by_name()
    {
        ProvinceDeterminations Province(string code, int eligible, int ineligible, int income, int creditCard) => new()
        {
            ProvinceCode = code,
            Registrants = eligible + ineligible,
            Holders = eligible,
            Eligible = eligible,
            Ineligible = ineligible,
            Unknown = 0,
            IneligibleByCriterion = new Dictionary<string, int> { ["INCOME"] = income, ["CREDIT_CARD"] = creditCard },
            InclusionErrors = 0,
            ExclusionErrors = eligible,
        };

        var summary = TargetedSummaryBuilder.Build("round-2022", new DateOnly(2022, 11, 30),
            [Province("10", 40, 30, 25, 4), Province("50", 20, 12, 12, 6)], k: 10);

        summary.National.Eligible.ShouldBe(60);
        summary.National.Ineligible.ShouldBe(42);
        summary.National.IneligibleByCriterion["INCOME"].ShouldBe(37);
        summary.National.IneligibleByCriterion["CREDIT_CARD"].ShouldBe(10);
        summary.National.Suppressed.ShouldBeEmpty();

        var bangkok = summary.Provinces.Single(p => p.Code == "10");
        bangkok.IneligibleByCriterion["CREDIT_CARD"].ShouldBeNull();
        bangkok.IneligibleByCriterion["INCOME"].ShouldBe(25);
        bangkok.Suppressed.ShouldBe(["ineligibleByCriterion.CREDIT_CARD"]);
    }

    [Fact]
    public void A_withheld_outcome_is_not_given_away_by_registrants_minus_the_others()
    {
        // Bangkok: 40 registrants = 3 eligible + 37 ineligible + 0 unknown.
        var summary = TargetedSummaryBuilder.Build("round-2022", null,
        [
            Determinations("10", eligible: 3, ineligible: 37, unknown: 0),
            Determinations("50", eligible: 30, ineligible: 30, unknown: 30),
        ], k: 10);

        var bangkok = summary.Provinces.Single(p => p.Code == "10");
        bangkok.Eligible.ShouldBeNull();
        bangkok.Ineligible.ShouldBeNull();
        bangkok.Unknown.ShouldBe(0);
        bangkok.Registrants.ShouldBe(40);
        // National eligible 33 − Chiang Mai's 30 would give Bangkok's 3: Chiang Mai's eligible goes too, and so on.
        var chiangMai = summary.Provinces.Single(p => p.Code == "50");
        chiangMai.Suppressed.ShouldContain("eligible");
    }

    [Fact]
    public void Stale_evidence_share_is_published_from_a_suppressed_count_and_null_when_not_counted()
    {
        var counted = TargetedSummaryBuilder.Build("round-2022", null,
        [
            Determinations("10", 50, 50, 0) with { StaleEvidence = 25 },
            Determinations("50", 50, 50, 0) with { StaleEvidence = 4 },
            Determinations("96", 50, 50, 0) with { StaleEvidence = 11 },
        ], k: 10);
        counted.National.StaleEvidenceShare.ShouldBe(0.1333m);
        counted.Provinces[0].StaleEvidenceShare.ShouldBe(0.25m);
        counted.Provinces[1].StaleEvidenceShare.ShouldBeNull();
        counted.Provinces[1].Suppressed.ShouldBe(["staleEvidenceShare"]);
        // 40 − 25 − 4 would give it back: the next smallest (11) is withheld as well.
        counted.Provinces[2].StaleEvidenceShare.ShouldBeNull();
        counted.Provinces[2].Suppressed.ShouldBe(["staleEvidenceShare"]);

        var notCounted = TargetedSummaryBuilder.Build("round-2022", null, [Determinations("10", 50, 50, 0)], k: 10);
        notCounted.National.StaleEvidenceShare.ShouldBeNull();
        notCounted.National.Suppressed.ShouldBeEmpty();
    }

    private static ProvinceDeterminations Determinations(string code, int eligible, int ineligible, int unknown) => new()
    {
        ProvinceCode = code,
        Registrants = eligible + ineligible + unknown,
        Holders = 0,
        Eligible = eligible,
        Ineligible = ineligible,
        Unknown = unknown,
        IneligibleByCriterion = new Dictionary<string, int>(),
        InclusionErrors = 0,
        ExclusionErrors = 0,
    };

    [Fact]
    public void A_national_summary_with_many_small_cells_withholds_every_small_count()
    {
        var random = new Random(3);
        var provinces = WelfarePlatform.Reference.Provinces.All.Select(p =>
        {
            var (eligible, ineligible, unknown) = (random.Next(0, 500), random.Next(0, 300), random.Next(0, 30));
            return Determinations(p.Code, eligible, ineligible, unknown) with
            {
                IneligibleByCriterion = Enumerable.Range(1, 11).ToDictionary(c => $"C{c}", _ => random.Next(0, 40)),
                InclusionErrors = random.Next(0, 40),
                StaleEvidence = random.Next(0, 40),
            };
        }).ToList();

        _ = TargetedSummaryBuilder.Build("round-2022", null, provinces, k: 10);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var summary = TargetedSummaryBuilder.Build("round-2022", null, provinces, k: 10);
        clock.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"77-province summary built in {clock.Elapsed.TotalMilliseconds:F1} ms, {summary.Provinces.Sum(p => p.Suppressed.Count)} province cells withheld");
        summary.Provinces.Sum(p => p.Suppressed.Count).ShouldBeGreaterThan(100);
        // Every published national count equals the sum of the provinces' true counts it covers: nothing was altered, only withheld.
        summary.National.Registrants.ShouldBe(provinces.Sum(p => p.Registrants));
        foreach (var (province, published) in provinces.Zip(summary.Provinces))
        {
            if (province.Eligible is > 0 and < 10)
            {
                published.Eligible.ShouldBeNull();
            }
        }
    }
}
