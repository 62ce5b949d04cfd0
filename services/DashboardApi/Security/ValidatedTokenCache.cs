using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace WelfarePlatform.DashboardApi.Security;

/// <summary>
/// Bearer tokens the JWT handler has fully validated (signature, algorithm, issuer, audience,
/// lifetime), remembered by their exact text for at most <see cref="MaxAge"/> and never past the
/// moment the handler itself would start refusing them (expiry plus its clock skew). A dashboard
/// polling with one token is then not re-validated on every request: under load, validation
/// (HMAC, JSON parsing, claims) was a sixth of a cached summary's CPU. Only successes are kept, so
/// a wrong or tampered token always goes through full validation and is refused as before.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider clock)
{
    /// <summary>How long a validated token is trusted without validating it again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    // Tokens are the callers': bound what many distinct valid tokens can make us hold.
    internal const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    internal int Count => entries.Count;

    /// <summary>A copy of the principal validated from <paramref name="token"/>, while it may still be trusted.</summary>
    public bool TryGet(string token, out ClaimsPrincipal principal, out DateTimeOffset? expires)
    {
        principal = null!;
        expires = null;
        if (!entries.TryGetValue(token, out var entry))
        {
            return false;
        }

        if (clock.GetUtcNow() >= entry.TrustedUntil)
        {
            entries.TryRemove(KeyValuePair.Create(token, entry));
            return false;
        }

        // A copy, so nothing done to one request's user can reach another request.
        principal = entry.Principal.Clone();
        expires = entry.Expires;
        return true;
    }

    /// <summary>
    /// Remembers a principal the handler just validated; <paramref name="refusedFrom"/> is when the
    /// handler would refuse the token (its expiry plus the allowed clock skew).
    /// </summary>
    public void Keep(string token, ClaimsPrincipal principal, DateTimeOffset expires, DateTimeOffset refusedFrom)
    {
        var now = clock.GetUtcNow();
        var until = now + MaxAge < refusedFrom ? now + MaxAge : refusedFrom;
        if (until <= now)
        {
            return;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[token] = new Entry(principal.Clone(), expires, until);
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header, read as JwtBearerHandler reads it.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        string authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization["Bearer ".Length..].Trim() is { Length: > 0 } token
            ? token
            : null;
    }

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Expires, DateTimeOffset TrustedUntil);
}

/// <summary>
/// Hooks <see cref="ValidatedTokenCache"/> into the platform's JWT bearer scheme; configuration
/// Dashboard:CacheValidatedTokens=false validates every request's token instead.
/// </summary>
internal sealed class ValidatedTokenCacheSetup(ValidatedTokenCache cache, IConfiguration configuration) : IPostConfigureOptions<JwtBearerOptions>
{
    public void PostConfigure(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme || !configuration.GetValue("Dashboard:CacheValidatedTokens", true))
        {
            return;
        }

        var messageReceived = options.Events.OnMessageReceived;
        options.Events.OnMessageReceived = async context =>
        {
            await messageReceived(context);
            if (context.Result is null && context.Token is null && ValidatedTokenCache.BearerToken(context.Request) is { } token
                && cache.TryGet(token, out var principal, out var expires))
            {
                context.Principal = principal;
                context.Properties.ExpiresUtc = expires;
                if (context.Options.SaveToken)
                {
                    context.Properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = token }]);
                }

                context.Success();
            }
        };

        var tokenValidated = options.Events.OnTokenValidated;
        options.Events.OnTokenValidated = async context =>
        {
            await tokenValidated(context);
            // Another handler may have refused the token after validation; only keep a success.
            if (context.Result is null or { Succeeded: true } && context.Principal is { } principal
                && ValidatedTokenCache.BearerToken(context.Request) is { } token && context.SecurityToken.ValidTo != DateTime.MinValue)
            {
                var expires = new DateTimeOffset(DateTime.SpecifyKind(context.SecurityToken.ValidTo, DateTimeKind.Utc));
                cache.Keep(token, principal, expires, expires + context.Options.TokenValidationParameters.ClockSkew);
            }
        };
    }
}
