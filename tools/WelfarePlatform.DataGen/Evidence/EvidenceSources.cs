using WelfarePlatform.DataGen.Output;
using static WelfarePlatform.DataGen.Evidence.EvidenceColumn;
using static WelfarePlatform.DataGen.Evidence.EvidenceType;

namespace WelfarePlatform.DataGen.Evidence;

/// <summary>The six agencies this generator speaks for, in file order.</summary>
internal static class EvidenceSources
{
    /// <summary>Revenue Department: income on file for taxpayers, as of the end of the last tax year.</summary>
    public static readonly EvidenceSource Revenue = new(
        "revenue", [AnnualIncome], [NationalId, TypeName, Value, AsOf], false, false, DateStyle.Iso,
        asOf => new DateOnly(asOf.Year - 1, 12, 31));

    /// <summary>Banks (through the Bank of Thailand): deposits and investments at the last month end, with satang; date first in its files.</summary>
    public static readonly EvidenceSource BankAssets = new(
        "bank-assets", [FinancialAssets], [AsOf, NationalId, TypeName, Value], false, false, DateStyle.Iso, LastMonthEnd);

    /// <summary>National Credit Bureau: credit lines and cards, a few days old; upper-case header, CRLF, day-first dates.</summary>
    public static readonly EvidenceSource CreditBureau = new(
        "credit-bureau", [HomeLoan, CarLoan, CreditCard], [NationalId, TypeName, Value, AsOf], true, true, DateStyle.DayFirst,
        asOf => asOf.AddDays(-3));

    /// <summary>Department of Lands: holdings at the last month end, Buddhist-Era day-first dates and an extra land_office column.</summary>
    public static readonly EvidenceSource LandDepartment = new(
        "land-department", [LandResidentialSqwa, LandAgriculturalRai, CondoSqm], [NationalId, TypeName, Value, AsOf, LandOffice],
        false, false, DateStyle.DayFirstBuddhist, LastMonthEnd);

    /// <summary>Comptroller General's Department: 0 or 1 for every registrant it can match, Buddhist-Era ISO dates.</summary>
    public static readonly EvidenceSource CivilService = new(
        "civil-service", [StateEmployee], [NationalId, TypeName, Value, AsOf], false, false, DateStyle.IsoBuddhist,
        asOf => asOf.AddDays(-1));

    /// <summary>Bureau of Registration Administration: deaths, as of the date of death.</summary>
    public static readonly EvidenceSource CivilRegistration = new(
        "civil-registration", [Deceased], [NationalId, TypeName, Value, AsOf], false, false, DateStyle.DayFirstBuddhist,
        asOf => asOf);

    public static readonly EvidenceSource[] All = [Revenue, BankAssets, CreditBureau, LandDepartment, CivilService, CivilRegistration];

    private static DateOnly LastMonthEnd(DateOnly asOf) => new DateOnly(asOf.Year, asOf.Month, 1).AddDays(-1);
}
