using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.TestInfrastructure;

/// <summary>Settings and tokens the tests give the services, as the AppHost would inject them.</summary>
public static class TestPlatform
{
    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";
    public const string PidKey = "integration-tests-pid-key-0123456789abcdef012345";

    public static readonly AuthOptions Auth = new("welfare-platform", "welfare-platform", AuthOptions.CreateKey(SigningKey));

    public static string TokenFor(string role) => DevelopmentTokens.Create(Auth, role, TimeSpan.FromHours(1));

    /// <summary>A token with every platform role, so hostile input reaches each endpoint's own checks.</summary>
    public static string AllRolesToken()
    {
        var claims = new List<Claim> { new("sub", "all-roles-tester") };
        claims.AddRange(Roles.All.Select(role => new Claim(DevelopmentTokens.RoleClaim, role)));
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

    /// <summary>Fresh databases and a fresh virtual host for one test class's services.</summary>
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

    /// <summary>Polls <paramref name="probe"/> until it returns a value, or fails with what it last saw.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string waitingFor) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {waitingFor}.");
            }

            await Task.Delay(100);
        }
    }
}
