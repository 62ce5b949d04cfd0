using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.SharingRequest.ActivityClasses;

internal static class ActivityClassesApi
{
    public static IEndpointRouteBuilder MapActivityClassesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/activity-classes").WithTags("Activity classes")
            .MapGet("/", ListActivityClasses)
            .RequireRoles(Roles.Agency, Roles.Steward, Roles.Approver, Roles.Dpo)
            .WithSummary("The activity classes a sharing request can be filed under")
            .WithDescription("A1 aggregate statistics, A2 verification, A3 pseudonymous research microdata, A4 identified microdata for a service, A5 open data; " +
                "each with what it may release (classifications, personal data, direct identifiers, a closed field list), its release form, whether it needs a PDPA legal basis, " +
                "the longest retention, its approval chain (roles in order), whether a request passing every check is approved at once, its agreement clauses and its target time to decide.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ActivityClass>>> ListActivityClasses(ActivityClassStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));
}
