using Shouldly;
using WelfarePlatform.Contracts;
using WelfarePlatform.DashboardApi.Targeted;

namespace WelfarePlatform.DashboardApi.Tests;

public sealed class TargetedSummaryBuilderTests
{
    [Fact]
    public void Counts_under_k_are_withheld_and_named_zero_and_k_are_published()
    {
        var summary = TargetedSummaryBuilder.Build("round-2022", new DateOnly(2022, 9, 30),
            [new ProvinceRegistrants("10", 120, 9), new ProvinceRegistrants("50", 10, 0), new ProvinceRegistrants("96", 3, 3)], k: 10);

        summary.National.Registrants.ShouldBe(133);
        summary.National.Holders.ShouldBe(12);
        summary.National.Suppressed.ShouldBeEmpty();

        var bangkok = summary.Provinces.Single(p => p.Code == "10");
        bangkok.Holders.ShouldBeNull();
        bangkok.Suppressed.ShouldBe(["holders"]);

        var chiangMai = summary.Provinces.Single(p => p.Code == "50");
        chiangMai.Registrants.ShouldBe(10);
        chiangMai.Holders.ShouldBe(0);
        chiangMai.Suppressed.ShouldBeEmpty();

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
}
