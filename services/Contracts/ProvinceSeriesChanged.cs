namespace WelfarePlatform.Contracts;

/// <summary>
/// external-data changed a province-day series (a feed posted or pulled, a payments change set
/// applied): which series, which provinces and which days. The values themselves stay in
/// external-data (<c>GET /api/series</c>); a consumer re-reads the range it cares about, so
/// applying this event twice changes nothing.
/// </summary>
public sealed record ProvinceSeriesChanged
{
    public required Guid EventId { get; init; }
    public required Guid CorrelationId { get; init; }
    public int SchemaVersion { get; init; } = 1;
    /// <summary>The series name, e.g. <c>covid-new-cases</c>, <c>covid-new-deaths</c>, <c>payments</c> or <c>disaster-declarations</c>.</summary>
    public required string Series { get; init; }
    /// <summary>The series' unit, e.g. <c>people</c>, <c>baht</c>, <c>declarations</c>.</summary>
    public required string Unit { get; init; }
    /// <summary>Two-digit codes of the provinces with a changed value, in code order.</summary>
    public required IReadOnlyList<string> ProvinceCodes { get; init; }
    /// <summary>The first day with a changed value.</summary>
    public required DateOnly From { get; init; }
    /// <summary>The last day with a changed value.</summary>
    public required DateOnly To { get; init; }
    /// <summary>How many province-day values were added or replaced.</summary>
    public required int ValuesChanged { get; init; }
    /// <summary>What changed it: <c>covid-cases:post</c>, <c>covid-cases:pull</c>, <c>disasters:post</c> or <c>payments:{batchId}</c>.</summary>
    public required string Source { get; init; }
    /// <summary>The last day the feed or batch describes (its as-of date).</summary>
    public required DateOnly AsOf { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
}
