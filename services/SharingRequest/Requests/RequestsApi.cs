using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Catalog;

namespace WelfarePlatform.SharingRequest.Requests;

internal static class RequestsApi
{
    private static readonly string[] Deciders = [Roles.Steward, Roles.Approver, Roles.Dpo];

    public static IEndpointRouteBuilder MapRequestsApi(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/requests").WithTags("Requests");

        requests.MapPost("/", Submit)
            .RequireRoles(Roles.Agency)
            .WithSummary("File a sharing request")
            .WithDescription("The requesting agency is the token's subject. The request is checked against its activity class and the catalog at once: " +
                "a request the class cannot grant is answered 422 with every reason in `failures` (code and detail) and nothing is stored but an audit row. " +
                "A request that passes waits for the first role of its class's approval chain, or, for classes that approve at once (A1, A2), is approved in the same call.");
        requests.MapGet("/", List)
            .RequireRoles(Roles.Agency, Roles.Steward, Roles.Approver, Roles.Dpo)
            .WithSummary("Sharing requests, newest first")
            .WithDescription("An agency sees its own; staff see all. `state` narrows to one state (e.g. awaiting_dpo).");
        requests.MapGet("/{requestId}", Get)
            .RequireRoles(Roles.Agency, Roles.Steward, Roles.Approver, Roles.Dpo)
            .WithSummary("A sharing request with every state it passed through");
        requests.MapPost("/{requestId}/decisions", Decide)
            .RequireRoles(Deciders)
            .WithSummary("Approve or refuse a request at its current step")
            .WithDescription("Only the role the class's chain names next may decide (403 for a role not in the chain, 409 out of order or when the request is no longer waiting); " +
                "a person approves one step only. A refusal needs a reason. The last approval makes the request approved.");
        requests.MapPost("/{requestId}/revocation", Revoke)
            .RequireRoles(Deciders)
            .WithSummary("Revoke an approved or waiting request")
            .WithDescription("Ends access and the agreement; needs a reason, kept in the transitions and the audit trail.");
        return app;
    }

    public static async Task<Results<Created<SharingRequestView>, ProblemHttpResult>> Submit(
        RequestDraft draft, ClaimsPrincipal user, ActivityClassStore classes, CatalogStore catalog, RequestStore store, CancellationToken cancellationToken)
    {
        var agency = Subject(user);
        if (await classes.FindAsync(draft.ActivityClass ?? "", cancellationToken) is not { } activityClass)
        {
            IReadOnlyList<RequestCheckFailure> unknown = [new("UNKNOWN_ACTIVITY_CLASS", $"'{draft.ActivityClass}' is not an activity class; use A1, A2, A3, A4 or A5 (GET /api/activity-classes).")];
            await store.RecordRefusedOnSubmissionAsync(agency, Roles.Agency, draft.ActivityClass, unknown, cancellationToken);
            return Unprocessable(unknown);
        }

        var datasetIds = (draft.Datasets ?? []).Select(d => d.DatasetId ?? "").Distinct().ToList();
        var datasets = (await catalog.LoadAsync(datasetIds, cancellationToken)).ToDictionary(d => d.DatasetId);
        var failures = RequestChecks.Check(draft, activityClass, datasets);
        if (failures.Count > 0)
        {
            await store.RecordRefusedOnSubmissionAsync(agency, Roles.Agency, activityClass.Code, failures, cancellationToken);
            return Unprocessable(failures);
        }

        var created = await store.CreateAsync(draft, activityClass, agency, Roles.Agency, cancellationToken);
        return TypedResults.Created($"/api/requests/{created.RequestId}", created);
    }

    public static async Task<Ok<IReadOnlyList<SharingRequestView>>> List(string? state, int? limit, ClaimsPrincipal user, RequestStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(IsStaff(user) ? null : Subject(user), state, Math.Clamp(limit ?? 100, 1, 1000), cancellationToken));

    public static async Task<Results<Ok<SharingRequestView>, ProblemHttpResult>> Get(Guid requestId, ClaimsPrincipal user, RequestStore store, CancellationToken cancellationToken) =>
        await FindVisibleAsync(requestId, user, store, cancellationToken) is { } request ? TypedResults.Ok(request) : NotFound(requestId);

    public static async Task<Results<Ok<SharingRequestView>, ProblemHttpResult>> Decide(
        Guid requestId, DecisionDraft draft, ClaimsPrincipal user, RequestStore store, CancellationToken cancellationToken)
    {
        var roles = Deciders.Where(user.IsInRole).ToList();
        var (outcome, request) = await store.DecideAsync(requestId, Subject(user), roles, draft, cancellationToken);
        return outcome.Accepted ? TypedResults.Ok(request!) : Problem(outcome, "The decision was not taken");
    }

    public static async Task<Results<Ok<SharingRequestView>, ProblemHttpResult>> Revoke(
        Guid requestId, RevocationDraft draft, ClaimsPrincipal user, RequestStore store, CancellationToken cancellationToken)
    {
        var role = Deciders.First(user.IsInRole);
        var (outcome, request) = await store.RevokeAsync(requestId, Subject(user), role, draft, cancellationToken);
        return outcome.Accepted ? TypedResults.Ok(request!) : Problem(outcome, "The request was not revoked");
    }

    /// <summary>An agency sees only its own requests; another agency's is answered as if it did not exist.</summary>
    internal static async Task<SharingRequestView?> FindVisibleAsync(Guid requestId, ClaimsPrincipal user, RequestStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(requestId, cancellationToken) is { } request && (IsStaff(user) || request.Agency == Subject(user)) ? request : null;

    internal static ProblemHttpResult NotFound(Guid requestId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown sharing request",
            detail: $"No sharing request {requestId} that you may see; GET /api/requests lists yours.");

    internal static string Subject(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    private static bool IsStaff(ClaimsPrincipal user) => Deciders.Any(user.IsInRole);

    private static ProblemHttpResult Unprocessable(IReadOnlyList<RequestCheckFailure> failures) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The activity class cannot grant this request",
            detail: string.Join(" ", failures.Select(f => f.Detail)),
            extensions: new Dictionary<string, object?> { ["failures"] = failures });

    private static ProblemHttpResult Problem(ChainOutcome outcome, string title) =>
        TypedResults.Problem(statusCode: outcome.Status, title: title, detail: outcome.Problem);
}
