using Shouldly;
using WelfarePlatform.Eligibility.Simulations;

namespace WelfarePlatform.Eligibility.Tests;

public sealed class SimulationQueryTests
{
    [Fact]
    public void Overridden_limits_replace_the_rulesets_and_comparisons_keep_their_kind()
    {
        var sql = SimulationQuery.Build(People.Round("round-2017"), new DateOnly(2017, 6, 1), new Dictionary<string, decimal?> { ["max_income"] = 120_000, ["max_condo_sqm"] = null });

        sql.ShouldContain("criterion_values[4] <= 120000");  // INCOME, at most the override
        sql.ShouldContain("criterion_values[5] < 100000");   // FINANCIAL_ASSETS, below
        sql.ShouldContain("criterion_values[2] >= 18");      // AGE
        sql.ShouldNotContain("criterion_values[7]");         // CONDO ended: not applied
    }
}
