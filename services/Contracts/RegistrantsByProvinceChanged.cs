namespace WelfarePlatform.Contracts;

/// <summary>
/// eligibility's population changed: the full per-province totals it now holds (a snapshot, so a
/// consumer can replace its copy and applying it twice changes nothing).
/// </summary>
public sealed record RegistrantsByProvinceChanged
{
    public required Guid EventId { get; init; }
    public required Guid CorrelationId { get; init; }
    public int SchemaVersion { get; init; } = 1;
    /// <summary>The registry batch whose change set caused this snapshot.</summary>
    public required Guid SourceBatchId { get; init; }
    public required DateOnly AsOf { get; init; }
    public required IReadOnlyList<ProvinceRegistrants> Provinces { get; init; }
    public required DateTimeOffset ComputedAt { get; init; }
}

/// <summary>Registrants and card holders in one province.</summary>
public sealed record ProvinceRegistrants(string ProvinceCode, int Registrants, int CardHolders);
