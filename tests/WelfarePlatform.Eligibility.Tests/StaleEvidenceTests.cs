using Shouldly;
using WelfarePlatform.Eligibility.Determinations;

namespace WelfarePlatform.Eligibility.Tests;

/// <summary>Which outcomes rest on stale evidence (DeterminationsChanged's StaleEvidence count).</summary>
public sealed class StaleEvidenceTests
{
    private static readonly DateOnly LastFreshDay = People.EvaluatedOn.AddDays(-400);

    [Fact]
    public void Evidence_on_the_last_fresh_day_is_fresh_and_a_day_older_is_stale()
    {
        var ruleset = People.Round("round-2022");
        ruleset.Evaluate(People.Eligible2022().WithEvidence("state_employee", 0, LastFreshDay)).RestsOnStaleEvidence.ShouldBeFalse();
        var stale = ruleset.Evaluate(People.Eligible2022().WithEvidence("state_employee", 0, LastFreshDay.AddDays(-1)));
        stale.Outcome.ShouldBe(Determination.Eligible);
        stale.Criterion("NOT_STATE_EMPLOYEE").Stale.ShouldBeTrue();
        stale.RestsOnStaleEvidence.ShouldBeTrue();
    }

    [Fact]
    public void An_ineligible_outcome_rests_on_stale_evidence_only_when_a_failed_criterion_is_stale()
    {
        var ruleset = People.Round("round-2022");
        var staleFailure = People.Eligible2022().WithEvidence("credit_card", 1, LastFreshDay.AddDays(-1));
        ruleset.Evaluate(staleFailure).RestsOnStaleEvidence.ShouldBeTrue();

        // A stale pass behind a fresh failure: the outcome does not depend on the stale evidence.
        var freshFailure = People.Eligible2022().WithEvidence("state_employee", 0, LastFreshDay.AddDays(-1)).WithEvidence("car_loan", 2_000_000);
        var determination = ruleset.Evaluate(freshFailure);
        determination.Outcome.ShouldBe(Determination.Ineligible);
        determination.Criterion("NOT_STATE_EMPLOYEE").Stale.ShouldBeTrue();
        determination.RestsOnStaleEvidence.ShouldBeFalse();
    }

    [Fact]
    public void A_stale_household_member_makes_the_household_average_stale()
    {
        var ruleset = People.Round("round-2022");
        var person = People.Eligible2022("p1");
        var member = People.Eligible2022("p2").WithEvidence("annual_income", 40_000, LastFreshDay.AddDays(-1));
        var determination = new RulesetEvaluator(ruleset, People.EvaluatedOn).Evaluate(person, [person, member]);
        determination.Criterion("HOUSEHOLD_INCOME").Stale.ShouldBeTrue();
        determination.Criterion("INCOME").Stale.ShouldBeFalse();
        determination.RestsOnStaleEvidence.ShouldBeTrue();
    }
}
