using System.Text;
using Shouldly;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Tests;

public sealed class RulesetFilesTests
{
    [Fact]
    public void The_three_rounds_ship_with_the_service_with_their_criteria_in_order()
    {
        var rulesets = RulesetFiles.LoadEmbedded();

        rulesets.Select(r => r.Id).ShouldBe(["round-2017", "round-2018", "round-2022"]);
        var round2022 = rulesets.Single(r => r.Id == "round-2022");
        round2022.ReferenceDate.ShouldBe(new DateOnly(2022, 9, 5));
        round2022.Criteria.Select(c => c.Id).ShouldBe(
            ["NATIONALITY", "AGE", "NOT_STATE_EMPLOYEE", "ALIVE", "INCOME", "HOUSEHOLD_INCOME", "FINANCIAL_ASSETS", "HOME_LOAN", "CAR_LOAN", "CREDIT_CARD", "LAND_RESIDENTIAL"]);
        round2022.ParameterOn(Ruleset.FreshnessParameter, new DateOnly(2022, 9, 5)).ShouldBe(400m);
        round2022.ParameterOn("monthly_benefit_low", new DateOnly(2022, 9, 5)).ShouldBe(300m);
        rulesets.Single(r => r.Id == "round-2018").ReferenceDate.ShouldBe(new DateOnly(2018, 4, 1));
        rulesets.Single(r => r.Id == "round-2017").Criteria.Single(c => c.Id == "FINANCIAL_ASSETS").Comparison.ShouldBe(Comparison.Below);
    }

    [Fact]
    public void A_file_naming_an_unknown_fact_or_parameter_is_refused_with_what_to_fix()
    {
        const string json = """
            { "id": "bad", "version": 1, "nameEn": "x", "nameTh": "x", "referenceDate": "2022-01-01",
              "parameters": { "max_evidence_age_days": [ { "validFrom": "2022-01-01", "value": 400 } ] },
              "criteria": [ { "id": "INCOME", "labelEn": "x", "labelTh": "x", "facts": [ "anual_income" ], "comparison": "atMost", "parameter": "max_income" } ] }
            """;

        var error = Should.Throw<InvalidOperationException>(() => RulesetFiles.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "bad.json"));

        error.Message.ShouldContain("bad.json");
        error.Message.ShouldContain("unknown fact 'anual_income'");
        error.Message.ShouldContain("parameter 'max_income'");
    }

    [Fact]
    public void A_ruleset_wider_than_what_ifs_can_hold_is_refused()
    {
        // 17 criteria comparing with a limit: what-ifs keep 16 compared values per person.
        var criteria = string.Join(", ", Enumerable.Range(1, 17).Select(i =>
            $$"""{ "id": "C{{i}}", "labelEn": "x", "labelTh": "x", "facts": [ "annual_income" ], "comparison": "atMost", "parameter": "max_income" }"""));
        var json = $$"""
            { "id": "wide", "version": 1, "nameEn": "x", "nameTh": "x", "referenceDate": "2022-01-01",
              "parameters": { "max_evidence_age_days": [ { "validFrom": "2022-01-01", "value": 400 } ], "max_income": [ { "validFrom": "2022-01-01", "value": 1 } ] },
              "criteria": [ {{criteria}} ] }
            """;

        var error = Should.Throw<InvalidOperationException>(() => RulesetFiles.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), "wide.json"));

        error.Message.ShouldContain("wide.json");
        error.Message.ShouldContain("17 criteria compare with a limit");
    }
}
