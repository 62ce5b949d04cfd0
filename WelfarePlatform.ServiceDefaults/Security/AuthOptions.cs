using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace WelfarePlatform.ServiceDefaults.Security;

/// <summary>Token settings, read from the <c>Auth</c> configuration section.</summary>
public sealed record AuthOptions(string Issuer, string Audience, SymmetricSecurityKey SigningKey)
{
    public const string SectionName = "Auth";
    private const int MinimumKeyBytes = 32;

    public static AuthOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var key = section["SigningKey"];
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException(
                "Auth:SigningKey is not set. Set the environment variable Auth__SigningKey to a secret of at least 32 characters " +
                "(the local runner generates one in .dev/; under Aspire set the auth-signing-key parameter).");
        }

        return new AuthOptions(
            section["Issuer"] ?? "welfare-platform",
            section["Audience"] ?? "welfare-platform",
            CreateKey(key));
    }

    public static SymmetricSecurityKey CreateKey(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length < MinimumKeyBytes)
        {
            throw new InvalidOperationException($"Auth:SigningKey must be at least {MinimumKeyBytes} bytes for HMAC-SHA256; it has {bytes.Length}.");
        }

        return new SymmetricSecurityKey(bytes);
    }
}
