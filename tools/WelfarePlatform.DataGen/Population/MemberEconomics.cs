using WelfarePlatform.DataGen.Randomness;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Population;

/// <summary>
/// Draws a member's income, assets, loans, land and public-sector status. All follow one
/// affluence score, so the people who fail one criterion tend to fail others, as in life.
/// </summary>
internal static class MemberEconomics
{
    /// <summary>A few rows sit exactly on a limit, so "at most" and "below" are both exercised.</summary>
    private const double OnTheLimitChance = 0.002;

    public static void Draw(ref Person person, ref SplitMix64 rng, double householdAffluence, int age, Province province)
    {
        var affluence = (0.75 * householdAffluence) + (0.6 * rng.NextNormalish()) + AgeShift(age);
        var isAdult = age >= 18;

        DrawIncome(ref person, ref rng, affluence, isAdult);
        DrawFinancialAssets(ref person, ref rng, affluence);
        DrawCredit(ref person, ref rng, affluence, age);
        LandHoldings.Draw(ref person, ref rng, affluence, province);

        // The Comptroller General's Department answers for nearly everyone: civil servants,
        // state employees and state pensioners are 1.
        var stateEmployeeChance = age switch
        {
            < 20 => 0.0,
            <= 60 => 0.012 + (affluence > 0.8 ? 0.03 : 0.0),
            _ => 0.012,
        };
        person.StateEmployee = rng.Chance(0.997) ? (sbyte)(rng.Chance(stateEmployeeChance) ? 1 : 0) : (sbyte)-1;
    }

    private static double AgeShift(int age) => age switch
    {
        < 18 => -1.5,
        < 22 => -0.5,
        >= 65 => -0.45,
        _ => 0.0,
    };

    private static void DrawIncome(ref Person person, ref SplitMix64 rng, double affluence, bool isAdult)
    {
        var declared = (int)EconomicTables.DeclaredIncome.At(affluence);
        var rounding = rng.NextDouble();
        declared = rounding < 0.6 ? declared / 1000 * 1000 : rounding < 0.9 ? declared / 100 * 100 : declared;
        if (!isAdult && rng.Chance(0.85))
        {
            declared = 0;
        }

        if (rng.Chance(OnTheLimitChance))
        {
            declared = Round2022Screen.MaxIncome;
        }

        person.DeclaredIncome = declared;
        person.RevenueIncome = -1;
        if (isAdult && rng.Chance(EconomicTables.RevenueRecordChance.At(affluence)))
        {
            // Most declare what the Revenue Department sees; some declare far less.
            var factor = rng.Chance(0.7) ? 1.0 + (0.1 * rng.NextDouble()) : 1.1 + (1.1 * rng.NextDouble());
            person.RevenueIncome = (int)(Math.Max(declared, 12_000) * factor);
        }
    }

    private static void DrawFinancialAssets(ref Person person, ref SplitMix64 rng, double affluence)
    {
        if (!rng.Chance(0.995))
        {
            person.FinancialAssetsSatang = -1;
            return;
        }

        var score = (0.6 * affluence) + (0.8 * rng.NextNormalish());
        var baht = (long)EconomicTables.FinancialAssets.At(score);
        var satang = baht > 0 && rng.Chance(0.7) ? rng.NextInt(100) : 0;
        person.FinancialAssetsSatang = rng.Chance(OnTheLimitChance) ? Round2022Screen.MaxFinancialAssetsSatang : (baht * 100) + satang;
    }

    private static void DrawCredit(ref Person person, ref SplitMix64 rng, double affluence, int age)
    {
        person.CreditCard = -1;
        if (age < 20)
        {
            return;
        }

        if (rng.Chance(EconomicTables.CreditCardChance.At(affluence)))
        {
            person.CreditCard = 1;
        }
        else if (rng.Chance(0.15))
        {
            person.CreditCard = 0;
        }

        if (rng.Chance(EconomicTables.HomeLoanChance.At(affluence)))
        {
            person.HomeLoan = rng.Chance(OnTheLimitChance * 5)
                ? Round2022Screen.MaxHomeLoan
                : (int)EconomicTables.HomeLoanAmount.At(rng.NextDouble()) / 10_000 * 10_000;
        }

        if (rng.Chance(EconomicTables.CarLoanChance.At(affluence)))
        {
            person.CarLoan = rng.Chance(OnTheLimitChance * 5)
                ? Round2022Screen.MaxCarLoan
                : (int)EconomicTables.CarLoanAmount.At(rng.NextDouble()) / 1_000 * 1_000;
        }
    }
}
