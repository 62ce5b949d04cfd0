using Shouldly;
using WelfarePlatform.Eligibility.Determinations;

namespace WelfarePlatform.Eligibility.Tests;

public sealed class ExplanationTests
{
    [Fact]
    public void Explain_lists_every_criterion_with_value_limit_source_and_reasons_in_Thai_and_English()
    {
        var ruleset = People.Round("round-2022");
        var person = People.Eligible2022(income: 100_001).WithoutEvidence("financial_assets")
            .WithEvidence("state_employee", 0, People.EvaluatedOn.AddDays(-401), "comptroller");
        var determination = ruleset.Evaluate(person);
        var stored = new StoredDetermination(determination.Outcome, DateTimeOffset.UnixEpoch, People.EvaluatedOn, determination.Criteria, ruleset, ReasonsAvailable: true);

        var explanation = Explanation.From(stored);

        explanation.Ruleset.ShouldBe("round-2022");
        explanation.Outcome.ShouldBe("ineligible");
        explanation.Criteria.Select(c => c.Id).ShouldBe(ruleset.Criteria.Select(c => c.Id));
        var income = explanation.Criteria.Single(c => c.Id == "INCOME");
        (income.Passed, income.Value, income.Limit, income.Source, income.AsOf, income.Stale).ShouldBe((false, (object?)100_001m, (object?)100_000m, "revenue", (DateOnly?)People.EvidenceAsOf, false));
        income.ReasonEn.ShouldBe("individual income (baht a year) 100,001 is over the limit 100,000 (annual_income from revenue as of 2022-08-31)");
        income.ReasonTh.ShouldBe("รายได้ส่วนบุคคล (บาทต่อปี) 100,001 เกินเกณฑ์ 100,000 (annual_income จาก revenue ณ 2022-08-31)");

        var assets = explanation.Criteria.Single(c => c.Id == "FINANCIAL_ASSETS");
        assets.Passed.ShouldBeNull();
        assets.ReasonEn.ShouldStartWith("unknown: no evidence from any source");
        assets.ReasonTh.ShouldStartWith("ไม่ทราบ: ไม่มีหลักฐาน");

        var employee = explanation.Criteria.Single(c => c.Id == "NOT_STATE_EMPLOYEE");
        employee.Stale.ShouldBeTrue();
        employee.ReasonEn.ShouldContain("stale");

        var nationality = explanation.Criteria.Single(c => c.Id == "NATIONALITY");
        (nationality.Value, nationality.Limit).ShouldBe(((object?)"TH", (object?)"TH"));
        explanation.Criteria.Single(c => c.Id == "HOME_LOAN").ReasonEn.ShouldContain("no evidence from any source, counted as 0");
        explanation.Criteria.Single(c => c.Id == "AGE").ReasonEn.ShouldBe("aged 52 full years on 2022-09-05, at least 18 (birth_date from bank as of 2022-09-30)");
    }
}
