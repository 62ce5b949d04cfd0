using Refit;

namespace WelfarePlatform.DashboardApi.Client;

/// <summary>
/// dashboard-api, typed. Every call needs a bearer token (analyst; steward for rebuilds): register with
/// <see cref="DashboardApiClientExtensions.AddDashboardApiClient"/> and a handler that adds it, or pass an
/// <see cref="HttpClient"/> that has it to <see cref="RestService.For{T}(HttpClient)"/>. Problems (400, 404,
/// 406, 409, 502) surface as <see cref="ApiException"/> with the problem details in its content.
/// </summary>
public interface IDashboardApiClient
{
    [Get("/api/targeted/summary")]
    Task<TargetedSummary> GetTargetedSummaryAsync([Query] string ruleset = "round-2022", [Query] string? asOf = null, CancellationToken cancellationToken = default);

    /// <summary>The summary as CSV (a national row, then one row per province; withheld counts empty).</summary>
    [Get("/api/targeted/summary")]
    [Headers("Accept: text/csv")]
    Task<string> GetTargetedSummaryCsvAsync([Query] string ruleset = "round-2022", [Query] string? asOf = null, CancellationToken cancellationToken = default);

    [Get("/api/timely/provinces/{code}/series")]
    Task<TimelySeries> GetTimelySeriesAsync(string code, [Query] string? from = null, [Query] string? to = null, CancellationToken cancellationToken = default);

    [Get("/api/timely/provinces/{code}/series")]
    [Headers("Accept: text/csv")]
    Task<string> GetTimelySeriesCsvAsync(string code, [Query] string? from = null, [Query] string? to = null, CancellationToken cancellationToken = default);

    [Get("/api/timely/lags")]
    Task<TimelyLags> GetTimelyLagsAsync(CancellationToken cancellationToken = default);

    [Get("/api/timely/lags")]
    [Headers("Accept: text/csv")]
    Task<string> GetTimelyLagsCsvAsync(CancellationToken cancellationToken = default);

    [Get("/api/freshness")]
    Task<FreshnessReport> GetFreshnessAsync(CancellationToken cancellationToken = default);

    [Get("/api/freshness")]
    [Headers("Accept: text/csv")]
    Task<string> GetFreshnessCsvAsync(CancellationToken cancellationToken = default);

    /// <summary>Steward role.</summary>
    [Post("/api/read-models/{name}/rebuild")]
    Task<RebuildResult> RebuildAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The raw change stream; read it with <c>DashboardStream.ReadChangesAsync</c>.</summary>
    [Get("/api/stream")]
    [Headers("Accept: text/event-stream")]
    Task<HttpResponseMessage> OpenStreamAsync(CancellationToken cancellationToken = default);
}
