namespace WelfarePlatform.DataGen.Payments;

/// <summary>
/// What a card holder is paid. The monthly allowance follows RULESETS.md (300 baht for income
/// below 30,000 a year, else 200), credited on the 1st. The Covid-period top-ups are this
/// generator's stand-in for the relief measures of 2020–2021, credited on the 15th: 500 baht a
/// month in April–June 2020, 200 baht a month from February to December 2021.
/// </summary>
internal static class PaymentSchedule
{
    public const string MonthlyAllowance = "monthly-allowance";
    public const string CovidRelief = "covid-relief";
    public const int ReliefDay = 15;

    public static int MonthlyAmount(int screenedIncome) => screenedIncome < 30_000 ? 300 : 200;

    /// <summary>The Covid-relief top-up for a month, 0 for none.</summary>
    public static int ReliefAmount(int year, int month) => (year, month) switch
    {
        (2020, >= 4 and <= 6) => 500,
        (2021, >= 2) => 200,
        _ => 0,
    };
}
