using Shouldly;
using WelfarePlatform.Eligibility.Simulations;

namespace WelfarePlatform.Eligibility.Tests;

public sealed class SimulationQueryTests
{
    private static readonly DateOnly On = new(2017, 6, 1);

    [Fact]
    public void Overridden_limits_are_bound_parameters_and_comparisons_keep_their_kind()
    {
        var query = SimulationQuery.Build(People.Round("round-2017"), On, new Dictionary<string, decimal?> { ["max_income"] = 120_000, ["max_condo_sqm"] = null });

        // round-2017's criteria that compare with a limit: AGE v1, INCOME v2, FINANCIAL_ASSETS v3, LAND_RESIDENTIAL v4, CONDO v5, LAND_AGRICULTURAL v6.
        query.Sql.ShouldContain("from determinations where ruleset_id = $1");
        query.Parameters[0].ShouldBe("round-2017");
        query.Sql.ShouldContain("v2 <= $");  // INCOME, at most
        query.Sql.ShouldContain("v3 < $");   // FINANCIAL_ASSETS, below
        query.Sql.ShouldContain("v1 >= $");  // AGE
        query.Sql.ShouldNotContain("v5");    // CONDO ended: not applied
        query.Sql.ShouldContain("v6 <= $");
        query.Sql.ShouldNotContain("120000");
        query.Parameters.ShouldContain(120_000m);
        query.NotApplied.ShouldBe([6]);
    }

    [Fact]
    public void The_previous_statement_over_determinations_compares_the_same_criteria()
    {
        var query = SimulationQuery.BuildOverDeterminations(People.Round("round-2017"), On, new Dictionary<string, decimal?> { ["max_income"] = 120_000, ["max_condo_sqm"] = null });

        query.Sql.ShouldContain("criterion_values[4] <= $");  // INCOME, at most
        query.Sql.ShouldContain("criterion_values[5] < $");   // FINANCIAL_ASSETS, below
        query.Sql.ShouldContain("criterion_values[2] >= $");  // AGE
        query.Sql.ShouldNotContain("criterion_values[7]");    // CONDO ended: not applied
        query.Sql.ShouldNotContain("120000");
        query.Parameters.ShouldContain(120_000m);
        query.NotApplied.ShouldBe([6]);
    }

    [Fact]
    public void Folding_groups_gives_new_outcomes_costs_and_shifts_per_criterion()
    {
        var ruleset = People.Round("round-2022");
        var query = SimulationQuery.Build(ruleset, new DateOnly(2022, 12, 1), new Dictionary<string, decimal?> { ["max_income"] = 120_000 });
        var income = query.Compared.Single(c => ruleset.Criteria[c.Index].Id == "INCOME");
        var household = query.Compared.Single(c => ruleset.Criteria[c.Index].Id == "HOUSEHOLD_INCOME");
        bool?[] allPass = [.. Enumerable.Repeat<bool?>(true, ruleset.Criteria.Count)];
        var failsIncome = (bool?[])allPass.Clone();
        failsIncome[income.Index] = false;
        failsIncome[household.Index] = false;
        var unknownAssets = (bool?[])allPass.Clone();
        unknownAssets[ruleset.Criteria.ToList().FindIndex(c => c.Id == "FINANCIAL_ASSETS")] = null;
        long Passes((int Index, int Shift) c) => 1L << c.Shift;
        long Fails((int Index, int Shift) c) => 2L << c.Shift;

        var provinces = SimulationFold.Fold(query, ruleset,
        [
            // 5 people over 100,000 on both income criteria who pass at 120,000 on their own but not on the household's mean.
            new("10", "ineligible", failsIncome, Passes(income) | Fails(household), false, false, 5),
            // 7 people failing both who pass both now: they become eligible, 200 baht a month each.
            new("10", "ineligible", failsIncome, Passes(income) | Passes(household), false, false, 7),
            // 3 eligible people with income below 30,000 (300 baht a month) stay eligible.
            new("10", "eligible", allPass, Passes(income) | Passes(household), true, true, 3),
            // 2 people unknown (no assets evidence) stay unknown whatever income does.
            new("50", "unknown", unknownAssets, Passes(income) | Passes(household), false, false, 2),
        ]);

        var bangkok = provinces.Single(p => p.Code == "10");
        (bangkok.Population, bangkok.EligibleBefore, bangkok.EligibleAfter, bangkok.BecomeEligible, bangkok.BecomeIneligible).ShouldBe((15, 3, 10, 7, 0));
        (bangkok.MonthlyCostBefore, bangkok.MonthlyCostAfter, bangkok.MonthlyCostChange).ShouldBe((900m, 2_300m, 1_400m));
        bangkok.ByCriterion["INCOME"].ShouldBe(new CriterionShift(0, 12));
        bangkok.ByCriterion["HOUSEHOLD_INCOME"].ShouldBe(new CriterionShift(0, 7));
        var chiangMai = provinces.Single(p => p.Code == "50");
        (chiangMai.EligibleAfter, chiangMai.BecomeEligible, chiangMai.BecomeIneligible).ShouldBe((0, 0, 0));
    }

    [Fact]
    public void Slots_are_the_criteria_that_compare_with_a_limit_in_order()
    {
        CompactDetermination.Slots(People.Round("round-2017")).ShouldBe([1, 3, 4, 5, 6, 7]);
        CompactDetermination.Slots(People.Round("round-2022")).ShouldBe([1, 4, 5, 6, 7, 8, 10]);
    }

    [Fact]
    public void A_state_decodes_to_the_stored_outcome_and_verdicts()
    {
        // Criterion 0 passed (1), 1 failed (2), 2 unknown (0), 3 passed (1); outcome ineligible (1).
        var state = 1L | (2L << 2) | (0L << 4) | (1L << 6) | (1L << CompactDetermination.OutcomeShift);

        var (outcome, passed) = CompactDetermination.Decode(state, 4);

        outcome.ShouldBe("ineligible");
        passed.ShouldBe([true, false, null, true]);
        var (unknown, none) = CompactDetermination.Decode(2L << CompactDetermination.OutcomeShift, 2);
        (unknown, none[0], none[1]).ShouldBe(("unknown", null, null));
        Should.Throw<InvalidOperationException>(() => CompactDetermination.Decode(3L, 1));
    }
}
