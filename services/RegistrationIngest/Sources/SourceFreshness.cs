namespace WelfarePlatform.RegistrationIngest.Sources;

/// <summary>A source's freshness (FORMATS.md, <c>GET /api/sources</c>), with the cadence it is held to.</summary>
public sealed record SourceFreshness(
    string Source,
    IReadOnlyList<string> Kinds,
    DateOnly LastAsOf,
    Guid LastBatchId,
    DateTimeOffset LastCompletedAt,
    bool Stale,
    int CadenceDays);

/// <summary>Two sources' current values for the same fact differ for <paramref name="Conflicts"/> people.</summary>
/// <param name="SourceA">The first source of the pair (in ordinal order).</param>
/// <param name="SourceB">The second source of the pair.</param>
/// <param name="EvidenceType">The evidence type, for an evidence fact; null for a registration fact.</param>
/// <param name="Conflicts">People for whom the two sources' latest values differ.</param>
/// <param name="Kind"><c>evidence</c> or <c>registrations</c>: the kind of file the fact comes in.</param>
/// <param name="Fact">The evidence type, or the registration column (e.g. <c>province_code</c>).</param>
public sealed record SourceConflict(string SourceA, string SourceB, string? EvidenceType, long Conflicts, string Kind, string Fact);
