namespace WelfarePlatform.DashboardApi.Freshness;

/// <summary>
/// One source in <c>GET /api/freshness</c>. <see cref="CadenceDays"/> is the cadence the source's
/// events carried, or the configured default (<see cref="DefaultCadence"/> true) when they carried none.
/// </summary>
public sealed record SourceFreshness(string Source, string Kind, DateOnly LastAsOf, int CadenceDays, bool DefaultCadence, bool Stale, DateTimeOffset LastReceivedAt);

/// <summary>The answer of <c>GET /api/freshness</c>.</summary>
public sealed record FreshnessReport(DateOnly Today, IReadOnlyList<SourceFreshness> Sources);

/// <summary>Freshness rule: a source is stale when its last as-of date plus its cadence is before today.</summary>
public static class FreshnessRule
{
    public static FreshnessReport Report(IReadOnlyList<SourceDelivery> deliveries, DateOnly today, int defaultCadenceDays) =>
        new(today, [.. deliveries.Select(d =>
        {
            var cadence = d.CadenceDays ?? defaultCadenceDays;
            return new SourceFreshness(d.Source, d.Kind, d.LastAsOf, cadence, d.CadenceDays is null, d.LastAsOf.AddDays(cadence) < today, d.LastReceivedAt);
        })]);

    /// <summary>
    /// The feed a <c>ProvinceSeriesChanged</c> source names: <c>covid-cases:post</c> → <c>covid-cases</c>.
    /// Null for <c>payments:{batchId}</c>: the payments batch's own <c>RegistryBatchCompleted</c> names the real source.
    /// </summary>
    public static string? FeedOf(string seriesSource)
    {
        var feed = seriesSource.Split(':', 2)[0];
        return feed is "" or "payments" ? null : feed;
    }
}
