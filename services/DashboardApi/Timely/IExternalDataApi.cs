using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Refit;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.DashboardApi.Timely;

/// <summary>One province-day value as external-data serves it (<c>GET /api/series/{name}/values</c>).</summary>
public sealed record ExternalSeriesValue(string ProvinceCode, DateOnly Day, decimal Value, string Source, DateTimeOffset UpdatedAt);

/// <summary>A series external-data holds (<c>GET /api/series</c>).</summary>
public sealed record ExternalSeries(string Name, string Unit, string Description, int Values);

/// <summary>The parts of external-data's API the Timely read model reads back after <c>ProvinceSeriesChanged</c>.</summary>
public interface IExternalDataApi
{
    /// <summary>At most 1,100 days apart; provinces comma-separated (empty: all).</summary>
    [Get("/api/series/{name}/values")]
    Task<IReadOnlyList<ExternalSeriesValue>> GetValuesAsync(string name, [Query] string from, [Query] string to, [Query] string? provinces, CancellationToken cancellationToken);

    [Get("/api/series")]
    Task<IReadOnlyList<ExternalSeries>> ListSeriesAsync(CancellationToken cancellationToken);

    /// <summary>The timeliness report with external-data's default window and parameters, kept whole.</summary>
    [Get("/api/timeliness/lags")]
    Task<JsonObject> GetLagsAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Calls external-data as <c>dashboard-api</c> with the analyst role, under a token minted with the
/// platform's key that lives five minutes (as sharing-request does; a client-credentials token once a
/// ministry identity provider exists).
/// </summary>
public sealed class ServiceTokenHandler(AuthOptions auth) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            DevelopmentTokens.Create(auth, Roles.Analyst, TimeSpan.FromMinutes(5), subject: "dashboard-api"));
        return base.SendAsync(request, cancellationToken);
    }
}
