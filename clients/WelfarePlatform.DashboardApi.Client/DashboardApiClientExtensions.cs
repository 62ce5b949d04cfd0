using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace WelfarePlatform.DashboardApi.Client;

public static class DashboardApiClientExtensions
{
    /// <summary>
    /// Registers <see cref="IDashboardApiClient"/> at <paramref name="baseAddress"/> (in the platform,
    /// <c>http://dashboard-api</c> with service discovery). Add a handler that sets the bearer token.
    /// The stream is long-lived: the client's timeout is infinite; bound calls with cancellation tokens.
    /// </summary>
    public static IHttpClientBuilder AddDashboardApiClient(this IServiceCollection services, Uri baseAddress) =>
        services.AddRefitGeneratedClient<IDashboardApiClient>()
            .ConfigureHttpClient(http =>
            {
                http.BaseAddress = baseAddress;
                http.Timeout = Timeout.InfiniteTimeSpan;
            });

    /// <summary>A client over an existing <see cref="HttpClient"/> (e.g. a test server's, already carrying a token).</summary>
    public static IDashboardApiClient Create(HttpClient http) => RestService.ForGenerated<IDashboardApiClient>(http);
}
