namespace WelfarePlatform.DashboardApi.Client;

/// <summary>
/// Counts for one area. A withheld count is null and its name is in <see cref="Suppressed"/>
/// (criterion counts as <c>ineligibleByCriterion.&lt;ID&gt;</c>, the share as <c>staleEvidenceShare</c>).
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
    /// <summary>0..1; null when not counted or withheld.</summary>
    public decimal? StaleEvidenceShare { get; init; }
    public IReadOnlyList<string> Suppressed { get; init; } = [];
}

public sealed record ProvinceTargetedCounts : TargetedCounts
{
    public required string Code { get; init; }
}

/// <summary><c>GET /api/targeted/summary</c>.</summary>
public sealed record TargetedSummary(string Ruleset, DateOnly? AsOf, int K, TargetedCounts National, IReadOnlyList<ProvinceTargetedCounts> Provinces);

/// <summary>One day of <c>GET /api/timely/provinces/{code}/series</c>.</summary>
public sealed record TimelyDay(DateOnly Date, int? NewCases, int? NewDeaths, int DisasterDeclarations, decimal? PaymentsBaht, decimal? CasesPer100k, decimal? PaymentsPerCapita);

/// <summary><c>GET /api/timely/provinces/{code}/series</c>.</summary>
public sealed record TimelySeries(string Code, string NameTh, string NameEn, int Population, DateOnly From, DateOnly To, IReadOnlyList<TimelyDay> Days);

/// <summary>National counts of <c>GET /api/timely/lags</c>.</summary>
public sealed record TimelyLagsNational(int ProvincesInCrisis, int Responded, int NoUpliftYet, int NoCrisis, decimal? MedianLagDays);

/// <summary>A province of <c>GET /api/timely/lags</c>; status <c>responded</c>, <c>no-uplift-yet</c> or <c>no-crisis</c>.</summary>
public sealed record TimelyLagsProvince(string Code, string NameEn, string NameTh, string Status, DateOnly? Onset, DateOnly? UpliftOn, int? LagDays, int? DaysSinceOnset, int? Rank);

/// <summary><c>GET /api/timely/lags</c>: external-data's timeliness report as dashboard-api last received it.</summary>
public sealed record TimelyLags(DateOnly? AsOf, DateTimeOffset ReceivedAt, TimelyLagsNational National, IReadOnlyList<TimelyLagsProvince> Provinces);

/// <summary>A source of <c>GET /api/freshness</c>.</summary>
public sealed record SourceFreshness(string Source, string Kind, DateOnly LastAsOf, int CadenceDays, bool DefaultCadence, bool Stale, DateTimeOffset LastReceivedAt);

/// <summary><c>GET /api/freshness</c>.</summary>
public sealed record FreshnessReport(DateOnly Today, IReadOnlyList<SourceFreshness> Sources);

/// <summary>A <c>changed</c> message of <c>GET /api/stream</c>.</summary>
public sealed record ReadModelChange(string ReadModel, long Version, DateTimeOffset ChangedAt);

/// <summary><c>POST /api/read-models/{name}/rebuild</c>.</summary>
public sealed record RebuildResult(string ReadModel, string Method, int Rows);
