namespace WelfarePlatform.Eligibility.Determinations;

/// <summary>What eligibility knows about one person (pseudonymous): registration facts and the latest evidence per type.</summary>
public sealed record PersonFacts
{
    public required string Pid { get; init; }
    public required string Hid { get; init; }
    public required string ProvinceCode { get; init; }
    public required bool CardHolder { get; init; }
    public required DateOnly BirthDate { get; init; }
    public required string Nationality { get; init; }
    /// <summary>Baht a year, as declared at registration.</summary>
    public required decimal DeclaredIncome { get; init; }
    public required DateOnly RegistrationAsOf { get; init; }
    /// <summary>The source of the registration facts, e.g. <c>bank</c>.</summary>
    public required string RegistrationSource { get; init; }
    /// <summary>Evidence type → the latest value.</summary>
    public IReadOnlyDictionary<string, EvidenceFact> Evidence { get; init; } = new Dictionary<string, EvidenceFact>();
}

/// <summary>An agency's evidence value, its as-of date and source.</summary>
public readonly record struct EvidenceFact(decimal Value, DateOnly AsOf, string Source);
