namespace WelfarePlatform.RegistrationIngest.Applicants;

/// <summary>What the registry holds about one person (<c>GET /api/applicants/{nationalId}</c>).</summary>
/// <param name="NationalId">The person asked about.</param>
/// <param name="KnownOn">The date asked for (<c>asOf</c>): the answer is what the registry knew for that date; null for now.</param>
/// <param name="Record">The registration record, null when only evidence or payments are held.</param>
/// <param name="Household">The person's household and its members, with their relationship to the head.</param>
/// <param name="Evidence">Every source's current value of every evidence type.</param>
/// <param name="History">Every version of the record and of the evidence, oldest first.</param>
/// <param name="Payments">Payments to the person.</param>
public sealed record ApplicantView(
    string NationalId,
    DateOnly? KnownOn,
    ApplicantRecord? Record,
    HouseholdView? Household,
    IReadOnlyList<EvidenceFact> Evidence,
    ApplicantHistory History,
    IReadOnlyList<PaymentFact> Payments);

/// <summary>A version of a person's registration record, with the batch, source and as-of that brought it.</summary>
public sealed record ApplicantRecord(
    string FirstName,
    string LastName,
    DateOnly BirthDate,
    string Nationality,
    string ProvinceCode,
    string HouseholdId,
    string Relationship,
    decimal DeclaredIncome,
    DateOnly RegisteredAt,
    bool CardHolder,
    Guid BatchId,
    string Source,
    DateOnly AsOf,
    DateTimeOffset? RecordedAt);

/// <summary>A household's members as the registry holds them now, linked by household_id.</summary>
public sealed record HouseholdView(string HouseholdId, IReadOnlyList<HouseholdMember> Members);

public sealed record HouseholdMember(string NationalId, string FirstName, string LastName, string Relationship, DateOnly BirthDate, bool CardHolder);

/// <summary>An agency's fact about the person: its value, the date it describes, and the batch that brought it.</summary>
public sealed record EvidenceFact(string EvidenceType, string Source, decimal Value, DateOnly FactAsOf, Guid BatchId, DateOnly AsOf, DateTimeOffset? RecordedAt);

/// <summary>Every version of the record and of the evidence, oldest first.</summary>
public sealed record ApplicantHistory(IReadOnlyList<ApplicantRecord> Records, IReadOnlyList<EvidenceFact> Evidence);

public sealed record PaymentFact(DateOnly PaidOn, string Program, decimal Amount, string? ProvinceCode, Guid BatchId);
