using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.HostileInputTests;

/// <summary>One real service in this process (WebApplicationFactory), configured as the AppHost configures it.</summary>
public sealed class ServiceHost<TEntryPoint>(IReadOnlyDictionary<string, string> settings, CapturedTelemetry? captureLogs = null) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (captureLogs is not null)
        {
            // The most verbose configuration an operator can give: every category the appsettings name, down
            // to Trace. The platform's own privacy rules (ServiceDefaults: categories that write raw URLs)
            // stay in force, as they do in production; a rule for this provider alone would bypass them.
            foreach (var category in (string[])["Default", "Microsoft", "Microsoft.AspNetCore", "MassTransit", "Npgsql", "System"])
            {
                builder.UseSetting($"Logging:LogLevel:{category}", "Trace");
            }

            builder.ConfigureLogging(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Trace);
                logging.AddProvider(captureLogs);
            });
        }
    }

    /// <summary>A client whose calls carry a token with every platform role, so hostile input reaches the endpoint's own checks.</summary>
    public HttpClient CreateAllRolesClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestPlatform.AllRolesToken());
        return client;
    }
}
