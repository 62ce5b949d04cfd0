using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.ExternalData.Series;

internal static class SeriesApi
{
    public static IEndpointRouteBuilder MapSeriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/series").WithTags("Series")
            .MapGet("/", ListSeries)
            .RequireRoles(Roles.Analyst, Roles.Steward)
            .WithSummary("The province-day series this service holds, with their units and how many values each has");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<SeriesDescription>>> ListSeries(SeriesStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));
}
