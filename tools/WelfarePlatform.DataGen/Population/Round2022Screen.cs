namespace WelfarePlatform.DataGen.Population;

/// <summary>
/// The 2022 criteria of RULESETS.md, applied to the generator's own people so that card holding
/// follows eligibility (with inclusion and exclusion errors) as it did in the program. The
/// eligibility service is the real evaluator; this one only steers the synthetic data.
/// </summary>
internal static class Round2022Screen
{
    public const int MaxIncome = 100_000;
    public const int MaxHouseholdIncomePerMember = 100_000;
    public const long MaxFinancialAssetsSatang = 100_000_00;
    public const int MaxHomeLoan = 1_500_000;
    public const int MaxCarLoan = 1_000_000;
    public const int MaxLandResidentialHundredths = 25_00;

    public static bool IsEligible(in Person person, long householdIncome, int householdSize)
        => person.Nationality == 0
        && person.BirthDate <= RegistrationRounds.Round2022AdultBornBy
        && person.StateEmployee == 0
        && !person.IsDeceased
        && person.ScreenedIncome <= MaxIncome
        && householdIncome <= (long)MaxHouseholdIncomePerMember * householdSize
        && person.FinancialAssetsSatang is >= 0 and <= MaxFinancialAssetsSatang
        && person.HomeLoan <= MaxHomeLoan
        && person.CarLoan <= MaxCarLoan
        && person.CreditCard != 1
        && person.LandResidentialHundredths <= MaxLandResidentialHundredths;
}
