namespace WelfarePlatform.DataGen.Evidence;

/// <summary>The evidence types of FORMATS.md (kind = evidence).</summary>
internal enum EvidenceType
{
    AnnualIncome,
    FinancialAssets,
    HomeLoan,
    CarLoan,
    LandResidentialSqwa,
    LandAgriculturalRai,
    CondoSqm,
    CreditCard,
    StateEmployee,
    Deceased,
}

internal static class EvidenceTypes
{
    public static readonly string[] Names =
    [
        "annual_income", "financial_assets", "home_loan", "car_loan", "land_residential_sqwa",
        "land_agricultural_rai", "condo_sqm", "credit_card", "state_employee", "deceased",
    ];

    public static readonly byte[][] Bytes = [.. Names.Select(System.Text.Encoding.ASCII.GetBytes)];

    public static string Name(this EvidenceType type) => Names[(int)type];
}
