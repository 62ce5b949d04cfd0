using Shouldly;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Tests;

public sealed class RulesetEvaluatorTests
{
    private static readonly Ruleset Round2022 = People.Round("round-2022");
    private static readonly Ruleset Round2017 = People.Round("round-2017");

    [Fact]
    public void A_person_meeting_every_criterion_is_eligible_with_every_criterion_listed_in_order()
    {
        var determination = Round2022.Evaluate(People.Eligible2022());

        determination.Outcome.ShouldBe(Determination.Eligible);
        determination.Criteria.Select(c => c.Id).ShouldBe(Round2022.Criteria.Select(c => c.Id));
        determination.Criteria.ShouldAllBe(c => c.Passed == true);
        var income = determination.Criterion("INCOME");
        (income.Value, income.Limit, income.Source, income.AsOf, income.Fact).ShouldBe((60_000m, 100_000m, "revenue", People.EvidenceAsOf, "annual_income"));
    }

    [Theory]
    [InlineData("annual_income", "INCOME", 100_000, true)]
    [InlineData("annual_income", "INCOME", 100_001, false)]
    [InlineData("financial_assets", "FINANCIAL_ASSETS", 100_000, true)]
    [InlineData("financial_assets", "FINANCIAL_ASSETS", 100_001, false)]
    [InlineData("home_loan", "HOME_LOAN", 1_500_000, true)]
    [InlineData("home_loan", "HOME_LOAN", 1_500_001, false)]
    [InlineData("car_loan", "CAR_LOAN", 1_000_000, true)]
    [InlineData("car_loan", "CAR_LOAN", 1_000_001, false)]
    [InlineData("land_residential_sqwa", "LAND_RESIDENTIAL", 25, true)]
    [InlineData("land_residential_sqwa", "LAND_RESIDENTIAL", 26, false)]
    [InlineData("credit_card", "CREDIT_CARD", 0, true)]
    [InlineData("credit_card", "CREDIT_CARD", 1, false)]
    [InlineData("state_employee", "NOT_STATE_EMPLOYEE", 0, true)]
    [InlineData("state_employee", "NOT_STATE_EMPLOYEE", 1, false)]
    [InlineData("deceased", "ALIVE", 0, true)]
    [InlineData("deceased", "ALIVE", 1, false)]
    public void Round_2022_at_most_criteria_pass_at_the_limit_and_fail_one_unit_over(string evidence, string criterion, int value, bool passes)
    {
        var determination = Round2022.Evaluate(People.Eligible2022(income: 1).WithEvidence(evidence, value));

        var result = determination.Criterion(criterion);
        result.Passed.ShouldBe(passes);
        result.Value.ShouldBe(value);
        determination.Outcome.ShouldBe(passes ? Determination.Eligible : Determination.Ineligible);
        // A one-person household's average income is the person's own: both income criteria fail together.
        string[] failed = !passes ? (evidence == "annual_income" ? [criterion, "HOUSEHOLD_INCOME"] : [criterion]) : [];
        determination.FailedCriteria.ShouldBe(failed);
    }

    [Theory]
    [InlineData(99_999, true)]
    [InlineData(100_000, false)]
    public void Round_2017_financial_assets_must_be_below_the_limit_so_a_value_equal_to_it_fails(int assets, bool passes)
    {
        var result = Round2017.Evaluate(People.Eligible2022().WithEvidence("financial_assets", assets), new DateOnly(2017, 6, 1)).Criterion("FINANCIAL_ASSETS");

        result.Passed.ShouldBe(passes);
        result.Limit.ShouldBe(100_000m);
    }

    [Theory]
    [InlineData(35, true)]
    [InlineData(36, false)]
    public void Round_2017_condo_is_at_most_35_square_metres(int sqm, bool passes) =>
        Round2017.Evaluate(People.Eligible2022().WithEvidence("condo_sqm", sqm), new DateOnly(2017, 6, 1)).Criterion("CONDO").Passed.ShouldBe(passes);

    [Theory]
    [InlineData("2004-09-05", true, 18)] // 18th birthday on the reference date
    [InlineData("2004-09-06", false, 17)] // one day short
    [InlineData("2004-09-04", true, 18)]
    public void Age_is_counted_in_full_years_on_the_reference_date(string birthDate, bool passes, int age)
    {
        var result = Round2022.Evaluate(People.Eligible2022() with { BirthDate = DateOnly.Parse(birthDate, System.Globalization.CultureInfo.InvariantCulture) }).Criterion("AGE");

        result.Passed.ShouldBe(passes);
        result.Value.ShouldBe(age);
        result.Limit.ShouldBe(18m);
        result.Source.ShouldBe("bank");
    }

    [Fact]
    public void Someone_born_on_29_February_has_a_full_year_on_28_February()
    {
        RulesetEvaluator.FullYears(new DateOnly(2004, 2, 29), new DateOnly(2022, 2, 28)).ShouldBe(18);
        RulesetEvaluator.FullYears(new DateOnly(2004, 2, 29), new DateOnly(2022, 2, 27)).ShouldBe(17);
    }

    [Fact]
    public void Nationality_other_than_Thai_fails()
    {
        var result = Round2022.Evaluate(People.Eligible2022() with { Nationality = "LA" }).Criterion("NATIONALITY");

        result.Passed.ShouldBe(false);
        (result.ValueText, result.LimitText).ShouldBe(("LA", "TH"));
    }

    [Fact]
    public void Income_falls_back_to_declared_income_when_no_agency_sent_annual_income()
    {
        var result = Round2022.Evaluate(People.Eligible2022().WithoutEvidence("annual_income") with { DeclaredIncome = 100_001 }).Criterion("INCOME");

        result.Passed.ShouldBe(false);
        (result.Fact, result.Value, result.Source).ShouldBe(("declared_income", 100_001m, "bank"));
    }

    [Fact]
    public void Missing_evidence_without_a_missing_value_rule_leaves_the_criterion_unknown_and_the_person_unknown()
    {
        var determination = Round2022.Evaluate(People.Eligible2022().WithoutEvidence("financial_assets"));

        var result = determination.Criterion("FINANCIAL_ASSETS");
        result.Passed.ShouldBeNull();
        result.Value.ShouldBeNull();
        result.Source.ShouldBeNull();
        determination.Outcome.ShouldBe(Determination.Unknown);
    }

    [Fact]
    public void A_failed_criterion_outweighs_an_unknown_one()
    {
        var determination = Round2022.Evaluate(People.Eligible2022().WithoutEvidence("financial_assets").WithEvidence("credit_card", 1));

        determination.Outcome.ShouldBe(Determination.Ineligible);
        determination.FailedCriteria.ShouldBe(["CREDIT_CARD"]);
    }

    [Fact]
    public void Missing_evidence_under_a_missing_equals_zero_rule_counts_as_zero_and_passes()
    {
        var result = Round2022.Evaluate(People.Eligible2022()).Criterion("HOME_LOAN");

        result.Passed.ShouldBe(true);
        result.Value.ShouldBe(0m);
        result.Defaulted.ShouldBeTrue();
        result.Source.ShouldBeNull();
    }

    [Fact]
    public void Household_income_is_the_sum_of_members_incomes_divided_by_the_members()
    {
        // 150,000 + 50,001 over two members is 100,000.50: over the limit though each pays their own way.
        var head = People.Eligible2022("p1", "h1", income: 150_000);
        var spouse = People.Eligible2022("p2", "h1", income: 50_001);
        var evaluator = new RulesetEvaluator(Round2022, People.EvaluatedOn);

        var spouseResult = evaluator.Evaluate(spouse, [head, spouse]).Criterion("HOUSEHOLD_INCOME");
        spouseResult.Passed.ShouldBe(false);
        spouseResult.Value.ShouldBe(100_000.50m);
        spouseResult.Members.ShouldBe(2);
        spouseResult.Source.ShouldBe("household");

        var exactly = evaluator.Evaluate(spouse with { Evidence = spouse.WithEvidence("annual_income", 50_000).Evidence }, [head, spouse.WithEvidence("annual_income", 50_000)]);
        exactly.Criterion("HOUSEHOLD_INCOME").Passed.ShouldBe(true);
        exactly.Criterion("HOUSEHOLD_INCOME").Value.ShouldBe(100_000m);
        exactly.Outcome.ShouldBe(Determination.Eligible);
    }

    [Fact]
    public void Household_average_uses_each_members_declared_income_when_no_agency_income_came()
    {
        var head = People.Eligible2022("p1", "h1", income: 90_000);
        var child = People.Eligible2022("p2", "h1").WithoutEvidence("annual_income") with { DeclaredIncome = 0 };

        new RulesetEvaluator(Round2022, People.EvaluatedOn).Evaluate(head, [head, child]).Criterion("HOUSEHOLD_INCOME").Value.ShouldBe(45_000m);
    }

    [Theory]
    [InlineData(400, false)] // exactly the limit old: still fresh
    [InlineData(401, true)]
    public void Evidence_older_than_the_freshness_limit_before_the_evaluation_date_is_stale(int daysOld, bool stale)
    {
        var asOf = People.EvaluatedOn.AddDays(-daysOld);
        var determination = Round2022.Evaluate(People.Eligible2022().WithEvidence("financial_assets", 10_000, asOf));

        var result = determination.Criterion("FINANCIAL_ASSETS");
        result.Stale.ShouldBe(stale);
        result.AsOf.ShouldBe(asOf);
        result.Passed.ShouldBe(true); // stale is marked, not a failure
        determination.Criterion("INCOME").Stale.ShouldBeFalse();
    }

    [Fact]
    public void A_household_average_is_stale_when_a_members_income_is()
    {
        var head = People.Eligible2022("p1", "h1").WithEvidence("annual_income", 10_000, People.EvaluatedOn.AddDays(-500));
        var spouse = People.Eligible2022("p2", "h1");

        new RulesetEvaluator(Round2022, People.EvaluatedOn).Evaluate(spouse, [head, spouse]).Criterion("HOUSEHOLD_INCOME").Stale.ShouldBeTrue();
    }

    [Fact]
    public void A_threshold_that_changes_on_a_date_applies_from_that_date()
    {
        var raised = Round2022 with
        {
            Parameters = new Dictionary<string, IReadOnlyList<ParameterValue>>(Round2022.Parameters)
            {
                ["max_income"] = [new() { ValidFrom = new(2022, 1, 1), Value = 100_000 }, new() { ValidFrom = new(2023, 1, 1), Value = 120_000 }],
            },
        };
        var person = People.Eligible2022(income: 110_000) with { Hid = "alone" };
        var evaluatorBefore = new RulesetEvaluator(raised, new DateOnly(2022, 12, 31));
        var evaluatorOn = new RulesetEvaluator(raised, new DateOnly(2023, 1, 1));

        var before = evaluatorBefore.Evaluate(person, [person]).Criterion("INCOME");
        var on = evaluatorOn.Evaluate(person, [person]).Criterion("INCOME");

        (before.Passed, before.Limit).ShouldBe((false, 100_000m));
        (on.Passed, on.Limit).ShouldBe((true, 120_000m));
    }

    [Fact]
    public void A_parameter_ended_with_a_null_value_stops_its_criterion_from_counting()
    {
        var ended = Round2022 with
        {
            Parameters = new Dictionary<string, IReadOnlyList<ParameterValue>>(Round2022.Parameters)
            {
                ["max_land_residential_sqwa"] = [new() { ValidFrom = new(2022, 1, 1), Value = 25 }, new() { ValidFrom = new(2022, 10, 1), Value = null }],
            },
        };
        var person = People.Eligible2022().WithEvidence("land_residential_sqwa", 60);

        ended.Evaluate(person, new DateOnly(2022, 9, 30)).Outcome.ShouldBe(Determination.Ineligible);
        var after = ended.Evaluate(person, new DateOnly(2022, 10, 1));
        after.Outcome.ShouldBe(Determination.Eligible);
        after.Criterion("LAND_RESIDENTIAL").Applied.ShouldBeFalse();
    }
}
