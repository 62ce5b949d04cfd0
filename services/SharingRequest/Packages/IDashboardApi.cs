using System.Text.Json.Nodes;
using Refit;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>dashboard-api's published answers (FORMATS.md, "Dashboard answers"), read as JSON so a new optional member breaks nothing.</summary>
public interface IDashboardApi
{
    [Get("/api/targeted/summary")]
    Task<JsonObject> GetTargetedSummaryAsync([Query] string ruleset, CancellationToken cancellationToken);
}
