using WelfarePlatform.DataGen.Randomness;

namespace WelfarePlatform.DataGen.Population;

/// <summary>
/// The distributions behind incomes, assets, loans and land, as tables over an affluence score
/// (normal-ish, mean 0) or a uniform draw. Tuned so that about 65 % of registrants pass the 2022
/// criteria, as 14.6 of 22.3 million did, and every criterion fails for some.
/// </summary>
internal static class EconomicTables
{
    /// <summary>Declared income, baht a year, by affluence. About one registrant in eight declares more than 100,000.</summary>
    public static readonly PiecewiseLinear DeclaredIncome = new(
        (-2.2, 0), (-1.2, 12_000), (-0.5, 30_000), (0.1, 50_000), (0.6, 80_000), (0.95, 100_000),
        (1.4, 150_000), (2.2, 300_000), (3.5, 1_200_000));

    /// <summary>Chance that the Revenue Department has an income record (the formal sector files taxes).</summary>
    public static readonly PiecewiseLinear RevenueRecordChance = new((-1.0, 0.12), (0.0, 0.25), (1.0, 0.5), (2.0, 0.8));

    /// <summary>Financial assets in baht by asset score. About one in ten holds more than 100,000.</summary>
    public static readonly PiecewiseLinear FinancialAssets = new(
        (-1.6, 0), (-0.6, 1_500), (0.2, 18_000), (0.7, 55_000), (1.05, 100_000), (1.8, 350_000), (3.5, 4_000_000));

    public static readonly PiecewiseLinear CreditCardChance = new((-2.0, 0.01), (0.0, 0.045), (1.0, 0.16), (2.0, 0.45));

    public static readonly PiecewiseLinear HomeLoanChance = new((-1.0, 0.015), (1.0, 0.07), (2.0, 0.2));

    /// <summary>Housing credit line in baht by a uniform draw; about one loan in ten is above the 1.5 million limit.</summary>
    public static readonly PiecewiseLinear HomeLoanAmount = new((0.0, 150_000), (0.5, 650_000), (0.8, 1_150_000), (0.9, 1_500_000), (1.0, 5_000_000));

    public static readonly PiecewiseLinear CarLoanChance = new((-1.0, 0.02), (1.0, 0.1), (2.0, 0.25));

    /// <summary>Car credit line in baht; about one in twelve is above the 1 million limit.</summary>
    public static readonly PiecewiseLinear CarLoanAmount = new((0.0, 80_000), (0.5, 420_000), (0.85, 780_000), (0.92, 1_000_000), (1.0, 2_500_000));

    /// <summary>House-with-land plot in square wah (4 m²); most registrants' plots are small, a minority over the 25 sq wah line.</summary>
    public static readonly PiecewiseLinear ResidentialPlotSqwa = new((0.0, 8), (0.7, 25), (0.75, 30), (0.92, 100), (1.0, 400));

    /// <summary>Farm land in rai (1,600 m²).</summary>
    public static readonly PiecewiseLinear AgriculturalRai = new((0.0, 0.5), (0.5, 6), (0.8, 14), (0.95, 30), (1.0, 80));

    /// <summary>Age of a household head by a uniform draw: registrants are older than the population.</summary>
    public static readonly PiecewiseLinear HeadAge = new((0.0, 20), (0.1, 30), (0.3, 42), (0.5, 52), (0.7, 61), (0.9, 73), (1.0, 95));

    /// <summary>Household size 1–8 by a uniform draw (mean about 2.5 registered members).</summary>
    public static readonly double[] HouseholdSizeCumulative = [0.35, 0.60, 0.77, 0.88, 0.94, 0.97, 0.99, 1.0];
}
