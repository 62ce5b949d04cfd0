using System.Net.Http.Headers;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// Calls other services as <c>sharing-request</c> with the analyst role, under a token minted with
/// the platform's key that lives five minutes. With a ministry identity provider this becomes a
/// client-credentials token.
/// </summary>
public sealed class ServiceTokenHandler(AuthOptions auth) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            DevelopmentTokens.Create(auth, Roles.Analyst, TimeSpan.FromMinutes(5), subject: "sharing-request"));
        return base.SendAsync(request, cancellationToken);
    }
}
