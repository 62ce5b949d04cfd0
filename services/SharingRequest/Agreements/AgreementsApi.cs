using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Catalog;
using WelfarePlatform.SharingRequest.Requests;

namespace WelfarePlatform.SharingRequest.Agreements;

internal static class AgreementsApi
{
    public static IEndpointRouteBuilder MapAgreementsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/requests").WithTags("Agreements")
            .MapGet("/{requestId}/agreement", GetAgreement)
            .RequireRoles(Roles.Agency, Roles.Steward, Roles.Approver, Roles.Dpo)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .WithSummary("The data sharing agreement of an approved request, as HTML")
            .WithDescription("Generated from the template with the clauses the request's activity class needs (definitions; scope and purpose; datasets; representations, warranties and undertakings; " +
                "conditions of use; roles and duties; duration, amendment and changes; termination; ownership and disclosure; dispute resolution; security measures; breach and penalties; " +
                "appointment of a data steward), in Thai and English. 409 while the request is not approved, or after it was refused or revoked.");
        app.MapGroup("/api/requests").WithTags("Agreements")
            .MapGet("/{requestId}/agreement.pdf", GetAgreementPdf)
            .RequireRoles(Roles.Agency, Roles.Steward, Roles.Approver, Roles.Dpo)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .WithSummary("The data sharing agreement of an approved request, as PDF")
            .WithDescription("The same clauses and values as the HTML, Thai then English under each heading, on A4. Thai is drawn without OpenType shaping, " +
                "so vowel and tone marks may sit less well than in the HTML, which stays the reference text. 409 as for the HTML; 503 when the Thai font is not installed.");
        return app;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAgreementPdf(
        Guid requestId, ClaimsPrincipal user, RequestStore requests, ActivityClassStore classes, AgreementClauseStore clauses, CatalogStore catalog,
        CancellationToken cancellationToken)
    {
        var html = await GetAgreement(requestId, user, requests, classes, clauses, catalog, cancellationToken);
        if (html.Result is ProblemHttpResult problem)
        {
            return problem;
        }

        var request = (await requests.FindAsync(requestId, cancellationToken))!;
        var activityClass = (await classes.FindAsync(request.ActivityClass, cancellationToken))!;
        var datasets = await catalog.LoadAsync(request.Datasets.Select(d => d.DatasetId ?? "").ToList(), cancellationToken);
        try
        {
            var pdf = AgreementPdf.Render(request, activityClass, await clauses.LoadAsync(activityClass.AgreementClauses, cancellationToken), datasets);
            return TypedResults.File(pdf, "application/pdf", $"agreement-{requestId}.pdf");
        }
        catch (FontUnavailableException missing)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF agreements are not available here", detail: missing.Message);
        }
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAgreement(
        Guid requestId, ClaimsPrincipal user, RequestStore requests, ActivityClassStore classes, AgreementClauseStore clauses, CatalogStore catalog,
        CancellationToken cancellationToken)
    {
        if (await RequestsApi.FindVisibleAsync(requestId, user, requests, cancellationToken) is not { } request)
        {
            return RequestsApi.NotFound(requestId);
        }

        if (request.State != RequestStates.Approved)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No agreement stands for this request",
                detail: $"The request is {request.State}; an agreement exists only for an approved request, and a revoked one no longer stands.");
        }

        var activityClass = (await classes.FindAsync(request.ActivityClass, cancellationToken))!;
        var template = await clauses.LoadAsync(activityClass.AgreementClauses, cancellationToken);
        var datasets = await catalog.LoadAsync(request.Datasets.Select(d => d.DatasetId ?? "").ToList(), cancellationToken);
        return TypedResults.Content(AgreementRenderer.Render(request, activityClass, template, datasets), "text/html; charset=utf-8");
    }
}
