using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.Eligibility.Audit;
using WelfarePlatform.Reference;
using WelfarePlatform.ServiceDefaults.Identity;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.Eligibility.Determinations;

internal static class DeterminationsApi
{
    public static IEndpointRouteBuilder MapDeterminationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/determinations").WithTags("Determinations")
            .MapGet("/{nationalId}", Explain)
            .RequireRoles(Roles.Steward)
            .WithSummary("Why a person is eligible or not (for appeals)")
            .WithDescription("The person's determination under `ruleset` (default round-2022): outcome eligible|ineligible|unknown and, for every criterion in the ruleset's order, " +
                "passed (null: no evidence), the value used, the limit, the value's source and as-of, stale, and the reason in Thai and English. " +
                "The service hashes the national ID itself and keeps no ID; every call is written to an append-only, hash-chained audit log. " +
                "404 when eligibility holds no determination for the ID under that ruleset; 409 while the person's changed facts await re-evaluation.");
        return app;
    }

    public static async Task<Results<Ok<Explanation>, ProblemHttpResult>> Explain(
        string nationalId, ClaimsPrincipal user, PidHasher pids, DeterminationStore determinations, ExplainAuditLog audit, CancellationToken cancellationToken,
        string ruleset = "round-2022")
    {
        if (!NationalId.IsValid(nationalId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a national ID",
                detail: "The path must hold a 13-digit Thai national ID whose 13th digit is its check digit.");
        }

        var pid = pids.Hash(nationalId);
        var stored = await determinations.FindAsync(pid, ruleset, cancellationToken);
        await audit.AppendAsync(user.Identity?.Name ?? "unknown", pid, ruleset, stored is not null, cancellationToken);
        if (stored is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No determination",
                detail: $"Eligibility holds no determination for this national ID under ruleset '{ruleset}': the registry has not sent the person, or the ruleset does not exist (GET /api/rulesets).");
        }

        return stored.ReasonsAvailable
            ? TypedResults.Ok(Explanation.From(stored))
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Determination being re-evaluated",
                detail: $"The person's facts no longer give the stored determination ({stored.Outcome}) under '{ruleset}': a re-evaluation is pending. Retry shortly, or POST /api/evaluations.");
    }
}
