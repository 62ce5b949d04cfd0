using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.RegistrationIngest.Sources;

internal static class SourcesApi
{
    public static IEndpointRouteBuilder MapSourcesApi(this IEndpointRouteBuilder app)
    {
        var sources = app.MapGroup("/api/sources").WithTags("Sources");
        sources.MapGet("/", GetSources)
            .RequireRoles(Roles.Steward, Roles.Ingest, Roles.Analyst)
            .WithSummary("How current each source is")
            .WithDescription("Per source that has completed a batch: the kinds it sends, its last as-of, last batch and completion time, " +
                "and `stale` when its last as-of is older than its expected cadence (`cadenceDays`, configured per source) allows.");
        sources.MapGet("/conflicts", GetConflicts)
            .RequireRoles(Roles.Steward)
            .WithSummary("Evidence conflicts per source pair")
            .WithDescription("Per pair of sources and evidence type: how many people the two sources currently give different values for. Both values are kept.");
        return app;
    }

    public static async Task<Ok<List<SourceFreshness>>> GetSources(SourceStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    public static async Task<Ok<List<SourceConflict>>> GetConflicts(SourceStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ConflictsAsync(cancellationToken));
}
