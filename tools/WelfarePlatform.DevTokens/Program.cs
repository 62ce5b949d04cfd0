using System.Text.Json;
using WelfarePlatform.ServiceDefaults.Security;

// Usage: welfare-dev-tokens --signing-key KEY [--issuer I] [--audience A] [--hours H] (--role ROLE | --all-roles)
// The key may also come from the Auth__SigningKey environment variable, as the services read it.
var options = ParseArguments(args);
if (options is null)
{
    Console.Error.WriteLine(
        "usage: WelfarePlatform.DevTokens --signing-key KEY [--issuer welfare-platform] [--audience welfare-platform] [--hours 12] (--role ROLE | --all-roles)\n" +
        $"roles: {string.Join(", ", Roles.All)}");
    return 2;
}

var auth = new AuthOptions(options.Issuer, options.Audience, AuthOptions.CreateKey(options.SigningKey));
var lifetime = TimeSpan.FromHours(options.Hours);
if (options.Role is { } role)
{
    Console.WriteLine(DevelopmentTokens.Create(auth, role, lifetime));
}
else
{
    var tokens = Roles.All.ToDictionary(r => r, r => DevelopmentTokens.Create(auth, r, lifetime));
    Console.WriteLine(JsonSerializer.Serialize(tokens, new JsonSerializerOptions { WriteIndented = true }));
}

return 0;

static TokenRequest? ParseArguments(string[] args)
{
    string? key = Environment.GetEnvironmentVariable("Auth__SigningKey"), role = null;
    string issuer = "welfare-platform", audience = "welfare-platform";
    double hours = 12;
    var allRoles = false;
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--signing-key": key = Next(); break;
            case "--issuer": issuer = Next(); break;
            case "--audience": audience = Next(); break;
            case "--hours": hours = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
            case "--role": role = Next(); break;
            case "--all-roles": allRoles = true; break;
            default: return null;
        }
    }

    if (string.IsNullOrEmpty(key) || (role is null) == !allRoles || (role is not null && !Roles.All.Contains(role)))
    {
        return null;
    }

    return new TokenRequest(key, issuer, audience, hours, role);
}

internal sealed record TokenRequest(string SigningKey, string Issuer, string Audience, double Hours, string? Role);
