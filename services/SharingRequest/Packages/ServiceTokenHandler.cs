using System.Net.Http.Headers;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// Calls another service as <c>sharing-request</c> with one role (analyst for dashboard-api's
/// published answers, sharing for the owners' exports), under a token minted with the platform's
/// key that lives five minutes. With a ministry identity provider this becomes a client-credentials token.
/// </summary>
public sealed class ServiceTokenHandler(AuthOptions auth, string role) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            DevelopmentTokens.Create(auth, role, TimeSpan.FromMinutes(5), subject: "sharing-request"));
        return base.SendAsync(request, cancellationToken);
    }
}
