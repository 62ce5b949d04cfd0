using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.IntegrationTests;

/// <summary>
/// One real service (its Program, middleware, hosted services and MassTransit bus) in this process,
/// configured the way the AppHost and the local runner configure it, against real servers.
/// </summary>
public sealed class ServiceHost<TEntryPoint>(IReadOnlyDictionary<string, string> settings) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureLogging(logging => logging.AddProvider(new TestOutputErrorLoggerProvider()));
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client whose calls carry a development token for <paramref name="role"/>.</summary>
    public HttpClient CreateClient(string role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestPlatform.TokenFor(role));
        return client;
    }
}
