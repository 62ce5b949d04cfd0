using WelfarePlatform.DataGen.Tests.Support;

namespace WelfarePlatform.DataGen.Tests;

/// <summary>Under the round-2022 criteria, about the program's share passes (14.6 of 22.3 million, 65 %) and every criterion fails for someone.</summary>
public sealed class EligibilityShareTests
{
    private static readonly Lazy<(int People, int Eligible, Dictionary<string, int> FailuresByCriterion)> Result =
        new(() => Round2022Evaluator.Evaluate(Datasets.Clean));

    [Fact]
    public void A_plausible_share_passes_the_2022_criteria()
    {
        var (people, eligible, _) = Result.Value;

        ((double)eligible / people).ShouldBeInRange(0.55, 0.75);
    }

    [Theory]
    [InlineData("NATIONALITY")]
    [InlineData("AGE")]
    [InlineData("NOT_STATE_EMPLOYEE")]
    [InlineData("ALIVE")]
    [InlineData("INCOME")]
    [InlineData("HOUSEHOLD_INCOME")]
    [InlineData("FINANCIAL_ASSETS")]
    [InlineData("HOME_LOAN")]
    [InlineData("CAR_LOAN")]
    [InlineData("CREDIT_CARD")]
    [InlineData("LAND_RESIDENTIAL")]
    public void Each_criterion_fails_for_some_people(string criterion)
    {
        var (people, _, failures) = Result.Value;

        // At least one in a thousand, so the dashboards' per-criterion counts are not all suppressed.
        failures[criterion].ShouldBeGreaterThan(people / 1000);
    }
}
