using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WelfarePlatform.ServiceDefaults.Security;

/// <summary>
/// Mints tokens signed with the platform's configured key, for development, tests and the local
/// runner. Production callers get theirs from the ministry's identity provider.
/// </summary>
public static class DevelopmentTokens
{
    public const string RoleClaim = "role";

    public static string Create(AuthOptions options, string role, TimeSpan lifetime, string? subject = null, DateTime? now = null)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity([new Claim("sub", subject ?? $"dev-{role}"), new Claim(RoleClaim, role)]),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            SigningCredentials = new SigningCredentials(options.SigningKey, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
