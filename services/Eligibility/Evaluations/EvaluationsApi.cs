using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.Eligibility.Rulesets;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.Eligibility.Evaluations;

internal static class EvaluationsApi
{
    public static IEndpointRouteBuilder MapEvaluationsApi(this IEndpointRouteBuilder app)
    {
        var evaluations = app.MapGroup("/api/evaluations").WithTags("Evaluations");
        evaluations.MapPost("/", PostEvaluation)
            .RequireRoles(Roles.Steward)
            .WithSummary("Re-evaluate everyone under a ruleset")
            .WithDescription("Queues a full re-evaluation of every person eligibility holds under `ruleset` (e.g. round-2022) on `date` (yyyy-mm-dd; default today). " +
                "It runs in the background, everyone's facts read from the database, decided by the service and swapped in at once in one transaction; follow it at the status URL (householdsDone jumps to householdsTotal when the determinations are stored, then the change set is published). When it ends, the changed determinations and the per-province counts are published (DeterminationsChanged).");
        evaluations.MapGet("/{evaluationId:guid}", GetEvaluation)
            .RequireRoles(Roles.Steward, Roles.Analyst)
            .WithSummary("An evaluation's progress and result")
            .WithDescription("status queued|running|completed|failed, households done of total, people evaluated, determinations changed, new inclusion and exclusion errors, and the change set blob.");
        return app;
    }

    /// <summary>Queues a full re-evaluation.</summary>
    public static async Task<Results<Accepted<EvaluationAccepted>, ProblemHttpResult>> PostEvaluation(
        EvaluationRequest? request, RulesetStore rulesets, EvaluationStore store, EvaluationDate evaluationDate, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Ruleset))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing ruleset",
                detail: "The body must name the ruleset to evaluate, e.g. { \"ruleset\": \"round-2022\", \"date\": \"2022-12-31\" } (date optional).");
        }

        if (await rulesets.FindAsync(request.Ruleset, cancellationToken) is not { } ruleset)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ruleset",
                detail: $"No ruleset '{request.Ruleset}'; GET /api/rulesets lists them.");
        }

        var evaluationId = await store.QueueFullAsync(ruleset.Id, ruleset.Version, request.Date ?? evaluationDate.Today(), cancellationToken);
        var statusUrl = $"/api/evaluations/{evaluationId}";
        return TypedResults.Accepted(statusUrl, new EvaluationAccepted(evaluationId, "queued", statusUrl));
    }

    public static async Task<Results<Ok<EvaluationStatus>, ProblemHttpResult>> GetEvaluation(Guid evaluationId, EvaluationStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(evaluationId, cancellationToken) is { } status
            ? TypedResults.Ok(status)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown evaluation", detail: $"No evaluation {evaluationId}.");
}
