namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>An accepted row of a <c>registrations</c> file.</summary>
internal sealed record RegistrationRow(
    string NationalId,
    string FirstName,
    string LastName,
    DateOnly BirthDate,
    string Nationality,
    string ProvinceCode,
    string HouseholdId,
    string Relationship,
    decimal DeclaredIncome,
    DateOnly RegisteredAt,
    bool CardHolder);
