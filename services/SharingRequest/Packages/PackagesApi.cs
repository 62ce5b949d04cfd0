using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Refit;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Agreements;
using WelfarePlatform.SharingRequest.Requests;

namespace WelfarePlatform.SharingRequest.Packages;

internal static class PackagesApi
{
    private static readonly string[] Callers = [Roles.Agency, Roles.Steward, Roles.Dpo];

    public static IEndpointRouteBuilder MapPackagesApi(this IEndpointRouteBuilder app)
    {
        var packages = app.MapGroup("/api/requests/{requestId}/package").WithTags("Packages").RequireRoles(Callers);
        packages.MapPost("/", Build)
            .WithSummary("Build the data package of an approved request")
            .WithDescription("Gathers the approved fields from the owning services' exports (dashboard.targeted, eligibility.determinations, registry.applicants), " +
                "streams each dataset to Blob storage as CSV and Parquet with the data dictionary and the agreement (HTML and PDF), and answers with the files and when access ends. " +
                "pids are re-keyed under a key of this request's own. A dataset or field no export releases (national IDs, names, birth dates never leave the registry), " +
                "and a verification (A2) request, answer 422 naming why. Building again replaces the package.");
        packages.MapGet("/", Get)
            .WithSummary("The package's files and expiry")
            .WithDescription("410 once the package expired or the request was revoked.");
        packages.MapGet("/files/{file}", Download)
            .WithSummary("Download one file of the package")
            .WithDescription("Every download is written to the audit trail. 410 once the package expired or the request was revoked.");
        return app;
    }

    public static async Task<Results<Created<PackageManifest>, ProblemHttpResult>> Build(
        Guid requestId, ClaimsPrincipal user, RequestStore requests, ActivityClassStore classes, PackageBuilder builder, CancellationToken cancellationToken)
    {
        if (await RequestsApi.FindVisibleAsync(requestId, user, requests, cancellationToken) is not { } request)
        {
            return RequestsApi.NotFound(requestId);
        }

        if (request.State != RequestStates.Approved)
        {
            return Problem(StatusCodes.Status409Conflict, "The request is not approved", $"The request is {request.State}; only an approved request's data is packaged.");
        }

        var activityClass = (await classes.FindAsync(request.ActivityClass, cancellationToken))!;
        if (activityClass.ReleaseForm == "yes/no answers")
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "No package for a verification",
                $"{activityClass.Code} answers yes or no about given people; it releases no bulk package.");
        }

        var problems = PackageSources.Problems(request.Datasets.Select(d => (d.DatasetId!, d.Fields!)));
        if (problems.Count > 0)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "These data cannot be packaged", string.Join("; ", problems) + ".");
        }

        try
        {
            var manifest = await builder.BuildAsync(request, RequestsApi.Subject(user), CallerRole(user), cancellationToken);
            return TypedResults.Created($"/api/requests/{requestId}/package", manifest);
        }
        catch (FontUnavailableException missing)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "The agreement's PDF cannot be made here", missing.Message);
        }
        catch (Exception exception) when (exception is ApiException or HttpRequestException or FormatException)
        {
            return Problem(StatusCodes.Status502BadGateway, "The owning service did not give the data",
                $"The package was not built and the standing one is unchanged: {exception.Message.TrimEnd('.')}. Try again when the owning service is up.");
        }
    }

    public static async Task<Results<Ok<PackageManifest>, ProblemHttpResult>> Get(
        Guid requestId, ClaimsPrincipal user, RequestStore requests, PackageStore packages, CancellationToken cancellationToken)
    {
        var (package, problem) = await StandingPackageAsync(requestId, user, requests, packages, cancellationToken);
        return package is null ? problem! : TypedResults.Ok(package);
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Download(
        Guid requestId, string file, ClaimsPrincipal user, RequestStore requests, PackageStore packages, CancellationToken cancellationToken)
    {
        var (package, problem) = await StandingPackageAsync(requestId, user, requests, packages, cancellationToken);
        if (package is null)
        {
            return problem!;
        }

        if (package.Files.All(f => f.Name != file))
        {
            return Problem(StatusCodes.Status404NotFound, "No such file", $"The package holds {string.Join(", ", package.Files.Select(f => f.Name))}, not '{file}'.");
        }

        var content = await packages.OpenForDownloadAsync(package, file, RequestsApi.Subject(user), CallerRole(user), cancellationToken);
        var contentType = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".parquet" => "application/vnd.apache.parquet",
            ".pdf" => "application/pdf",
            _ => "text/csv; charset=utf-8",
        };
        return TypedResults.Stream(content, contentType, file);
    }

    /// <summary>The package while it stands: the request still approved and the expiry not passed.</summary>
    private static async Task<(PackageManifest?, ProblemHttpResult?)> StandingPackageAsync(
        Guid requestId, ClaimsPrincipal user, RequestStore requests, PackageStore packages, CancellationToken cancellationToken)
    {
        if (await RequestsApi.FindVisibleAsync(requestId, user, requests, cancellationToken) is not { } request)
        {
            return (null, RequestsApi.NotFound(requestId));
        }

        if (await packages.FindAsync(requestId, cancellationToken) is not { } package)
        {
            return (null, Problem(StatusCodes.Status404NotFound, "No package yet", $"No package was built for request {requestId}; POST /api/requests/{requestId}/package builds it."));
        }

        if (request.State != RequestStates.Approved)
        {
            return (null, Problem(StatusCodes.Status410Gone, "Access ended", $"The request is {request.State}; its package can no longer be downloaded."));
        }

        return packages.IsExpired(package)
            ? (null, Problem(StatusCodes.Status410Gone, "Access ended", $"The package expired at {package.ExpiresAt:u}; build it again while the request stands."))
            : (package, null);
    }

    private static string CallerRole(ClaimsPrincipal user) => Callers.First(user.IsInRole);

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
