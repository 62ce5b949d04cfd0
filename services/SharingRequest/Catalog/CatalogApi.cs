using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.SharingRequest.Catalog;

internal static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var catalog = app.MapGroup("/api/catalog").WithTags("Catalog")
            .RequireRoles(Roles.Agency, Roles.Analyst, Roles.Steward, Roles.Approver, Roles.Dpo);

        catalog.MapGet("/datasets", SearchDatasets)
            .WithSummary("Search the data catalog")
            .WithDescription("Every dataset the platform holds with its owner, steward, update cadence and data dictionary " +
                "(per field: type, meaning in Thai and English, classification public/internal/confidential/secret, personal data or not). " +
                "`q` matches dataset ids, names, descriptions, owners and field names and meanings, in Thai or English, case-insensitively; without `q` every dataset is listed.");
        catalog.MapGet("/datasets/{datasetId}", GetDataset)
            .WithSummary("One dataset and its data dictionary");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<Dataset>>> SearchDatasets(string? q, CatalogStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.SearchAsync(q, cancellationToken));

    public static async Task<Results<Ok<Dataset>, ProblemHttpResult>> GetDataset(string datasetId, CatalogStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(datasetId, cancellationToken) is { } dataset
            ? TypedResults.Ok(dataset)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown dataset",
                detail: $"The catalog holds no dataset '{datasetId}'; GET /api/catalog/datasets lists them (e.g. registry.applicants).");
}
