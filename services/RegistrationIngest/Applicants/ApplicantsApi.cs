using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.Reference;
using WelfarePlatform.RegistrationIngest.Audit;
using WelfarePlatform.ServiceDefaults.Identity;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.RegistrationIngest.Applicants;

internal static class ApplicantsApi
{
    public const string ReadAction = "applicant.read";

    public static IEndpointRouteBuilder MapApplicantsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/applicants").WithTags("Applicants")
            .MapGet("/{nationalId}", GetApplicant)
            .RequireRoles(Roles.Steward)
            .WithSummary("One person's record, household, evidence and history")
            .WithDescription("The registry's current record of the person, their household's members (linked by household_id, with relationship), " +
                "every source's evidence and every earlier version of the record and evidence with the batch, source and as-of that brought it. " +
                "With `asOf=yyyy-mm-dd` the record, household and evidence are those the registry knew for that date. Every call is written to the audit log.");
        return app;
    }

    public static async Task<Results<Ok<ApplicantView>, ProblemHttpResult>> GetApplicant(
        string nationalId, string? asOf, ClaimsPrincipal user, ApplicantStore store, AuditLog auditLog, PidHasher pids, CancellationToken cancellationToken)
    {
        if (NationalId.Check(nationalId) != NationalIdCheck.Valid)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad national ID",
                detail: $"'{nationalId}' is not a Thai national ID: 13 digits whose last is the check digit.");
        }

        DateOnly? knownOn = null;
        if (asOf is not null)
        {
            if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", out var date))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad asOf",
                    detail: $"Query parameter 'asOf' must be a date as yyyy-mm-dd, e.g. ?asOf=2022-09-30; '{asOf}' is not.");
            }

            knownOn = date;
        }

        // The read is logged before it is answered, found or not: asking is itself a use of personal data.
        var actor = user.FindFirstValue("sub") ?? user.Identity?.Name ?? "unknown";
        await auditLog.AppendAsync(actor, ReadAction, pids.Hash(nationalId), cancellationToken);

        return await store.FindAsync(nationalId, knownOn, cancellationToken) is { } applicant
            ? TypedResults.Ok(applicant)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not in the registry",
                detail: $"The registry holds no record, evidence or payment for national ID {nationalId}{(knownOn is null ? "" : $" as known on {knownOn:yyyy-MM-dd}")}.");
    }
}
