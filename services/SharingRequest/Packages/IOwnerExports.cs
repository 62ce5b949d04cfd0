using Refit;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>eligibility's pseudonymous export (<c>GET /api/exports/determinations</c>, role sharing): CSV, streamed.</summary>
public interface IEligibilityExports
{
    /// <summary>The response is returned as soon as its headers arrive, so the body is read as a stream, never buffered whole.</summary>
    [Get("/api/exports/determinations")]
    Task<HttpResponseMessage> GetDeterminationsAsync([Query] string? ruleset, [Query] string fields, CancellationToken cancellationToken);
}

/// <summary>registration-ingest's pseudonymous export (<c>GET /api/exports/registrants</c>, role sharing): CSV, streamed, never a national ID or a name.</summary>
public interface IRegistryExports
{
    [Get("/api/exports/registrants")]
    Task<HttpResponseMessage> GetRegistrantsAsync([Query] string fields, CancellationToken cancellationToken);
}
