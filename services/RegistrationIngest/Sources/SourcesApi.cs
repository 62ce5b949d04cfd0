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
            .WithSummary("Conflicts per source pair")
            .WithDescription("Per pair of sources and fact: how many people the two sources' latest values differ for. Both values are kept. " +
                "`kind` is `evidence` (`fact` and `evidenceType` are the evidence type) or `registrations` (`fact` is the registration column, " +
                "e.g. `province_code`; `evidenceType` is null).");
        return app;
    }

    public static async Task<Ok<List<SourceFreshness>>> GetSources(SourceStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    public static async Task<Ok<List<SourceConflict>>> GetConflicts(SourceStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ConflictsAsync(cancellationToken));
}
