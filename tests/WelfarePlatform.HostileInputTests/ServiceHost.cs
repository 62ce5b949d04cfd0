using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WelfarePlatform.ServiceDefaults.Security;
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
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HostilePlatform.AllRolesToken());
        return client;
    }
}

/// <summary>Settings and tokens, as the AppHost would inject them.</summary>
public static class HostilePlatform
{
    public const string SigningKey = "hostile-input-signing-key-0123456789abcdef012";
    public const string PidKey = "hostile-input-pid-key-0123456789abcdef01234567";

    public static readonly AuthOptions Auth = new("welfare-platform", "welfare-platform", AuthOptions.CreateKey(SigningKey));

    public static readonly string[] AllRoles = [Roles.Analyst, Roles.Steward, Roles.Approver, Roles.Dpo, Roles.Agency, Roles.Ingest];

    public static string TokenFor(string role) => DevelopmentTokens.Create(Auth, role, TimeSpan.FromHours(2));

    public static string AllRolesToken()
    {
        var claims = new List<Claim> { new("sub", "hostile-tester") };
        claims.AddRange(AllRoles.Select(r => new Claim(DevelopmentTokens.RoleClaim, r)));
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Auth.Issuer,
            Audience = Auth.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(2),
            SigningCredentials = new SigningCredentials(Auth.SigningKey, SecurityAlgorithms.HmacSha256),
        });
    }

    public static async Task<Dictionary<string, string>> SettingsAsync(InfrastructureFixture infrastructure, string testName, params string[] databases)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:messaging"] = await infrastructure.RabbitMq.CreateVirtualHostAsync(testName),
            ["ConnectionStrings:blobs"] = infrastructure.Azurite.ConnectionString,
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:Issuer"] = "welfare-platform",
            ["Auth:Audience"] = "welfare-platform",
            ["Identity:PidKey"] = PidKey,
            ["Messaging:OutboxPollInterval"] = "00:00:00.050",
        };
        foreach (var database in databases)
        {
            settings[$"ConnectionStrings:{database}"] = await infrastructure.Postgres.CreateDatabaseAsync($"{testName}_{database}");
        }

        return settings;
    }
}
