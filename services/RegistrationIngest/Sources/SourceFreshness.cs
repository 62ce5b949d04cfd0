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

/// <summary>Two sources' current values for the same evidence fact differ for <paramref name="Conflicts"/> people.</summary>
public sealed record SourceConflict(string SourceA, string SourceB, string EvidenceType, long Conflicts);
