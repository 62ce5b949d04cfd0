namespace WelfarePlatform.DataGen.Registrations;

/// <summary>The registrations file's columns (FORMATS.md, kind = registrations), in the order this tool writes them.</summary>
internal static class RegistrationColumns
{
    public const int NationalId = 0;
    public const int FirstName = 1;
    public const int LastName = 2;
    public const int BirthDate = 3;
    public const int Nationality = 4;
    public const int ProvinceCode = 5;
    public const int HouseholdId = 6;
    public const int Relationship = 7;
    public const int DeclaredIncome = 8;
    public const int RegisteredAt = 9;
    public const int CardHolder = 10;
    public const int Count = 11;

    public static readonly string[] Names =
    [
        "national_id", "first_name", "last_name", "birth_date", "nationality", "province_code",
        "household_id", "relationship", "declared_income", "registered_at", "card_holder",
    ];
}
