namespace WelfarePlatform.DashboardApi.Targeted;

/// <summary>
/// Counts for one area (FORMATS.md, COUNTS). A withheld count is null and named in
/// <see cref="Suppressed"/>. Until eligibility publishes determinations, everyone registered is
/// counted as <see cref="Unknown"/>.
/// </summary>
public record TargetedCounts
{
    public int? Registrants { get; init; }
    public int? Holders { get; init; }
    public int? Eligible { get; init; }
    public int? Ineligible { get; init; }
    public int? Unknown { get; init; }
    public IReadOnlyDictionary<string, int?> IneligibleByCriterion { get; init; } = new Dictionary<string, int?>();
    public int? InclusionErrors { get; init; }
    public int? ExclusionErrors { get; init; }
    /// <summary>
    /// Share (0..1, four decimals) of registrants whose outcome rests on stale evidence; null when
    /// eligibility did not count it, or withheld (named <c>staleEvidenceShare</c>) when the count is small.
    /// </summary>
    public decimal? StaleEvidenceShare { get; init; }
    public IReadOnlyList<string> Suppressed { get; init; } = [];
}

/// <summary>A province's counts.</summary>
public sealed record ProvinceTargetedCounts : TargetedCounts
{
    /// <summary>The two-digit province code.</summary>
    [System.Text.Json.Serialization.JsonPropertyOrder(-1)]
    public required string Code { get; init; }
}

/// <summary>The answer of <c>GET /api/targeted/summary</c>.</summary>
public sealed record TargetedSummary(string Ruleset, DateOnly? AsOf, int K, TargetedCounts National, IReadOnlyList<ProvinceTargetedCounts> Provinces);
