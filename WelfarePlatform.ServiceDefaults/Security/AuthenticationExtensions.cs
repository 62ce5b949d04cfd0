using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace WelfarePlatform.ServiceDefaults.Security;

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer on every endpoint: signature, an algorithm allow-list (never <c>none</c>), issuer,
    /// audience and lifetime are checked (OWASP ASVS 9.1–9.2). Endpoints are closed unless they say
    /// <c>AllowAnonymous</c>, so a new endpoint cannot be left open by mistake.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder)
    {
        var options = AuthOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(options);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = CreateValidationParameters(options);
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    public static TokenValidationParameters CreateValidationParameters(AuthOptions options) => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKey = options.SigningKey,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        RoleClaimType = DevelopmentTokens.RoleClaim,
        NameClaimType = "sub",
    };

    /// <summary>Requires a caller holding any one of <paramref name="roles"/>.</summary>
    public static TBuilder RequireRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.RequireRole(roles));
}
