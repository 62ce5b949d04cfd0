using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.Reference;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.ExternalData.Series;

internal static class SeriesApi
{
    private const int MaxDays = 1100;

    public static IEndpointRouteBuilder MapSeriesApi(this IEndpointRouteBuilder app)
    {
        var series = app.MapGroup("/api/series").WithTags("Series");
        series.MapGet("/", ListSeries)
            .RequireRoles(Roles.Analyst, Roles.Steward)
            .WithSummary("The province-day series this service holds, with their units and how many values each has");
        series.MapGet("/{name}/values", GetValues)
            .RequireRoles(Roles.Analyst, Roles.Steward)
            .WithSummary("One series' values per province and day")
            .WithDescription("from and to (yyyy-mm-dd, required, at most 1,100 days apart); provinces: comma-separated two-digit codes (default all). " +
                "This is what a consumer of ProvinceSeriesChanged reads back for the provinces and range the event names.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<SeriesDescription>>> ListSeries(SeriesStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    /// <summary>Values of one series in a date range.</summary>
    public static async Task<Results<Ok<IReadOnlyList<SeriesValue>>, ProblemHttpResult>> GetValues(
        string name, SeriesStore store, CancellationToken cancellationToken, string? from = null, string? to = null, string? provinces = null)
    {
        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", out var fromDay) || !DateOnly.TryParseExact(to, "yyyy-MM-dd", out var toDay)
            || fromDay > toDay || toDay.DayNumber - fromDay.DayNumber > MaxDays)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad date range",
                detail: $"Give from and to as yyyy-mm-dd, from not after to, at most {MaxDays} days apart, e.g. ?from=2021-07-01&to=2021-07-31.");
        }

        var codes = (provinces ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = codes.Where(code => !Provinces.TryGetByCode(code, out _)).ToArray();
        if (unknown.Length > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown province",
                detail: $"'{string.Join(", ", unknown)}' is not a two-digit province code (10 … 96).");
        }

        if (!await store.ExistsAsync(name, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown series", detail: $"No series is named '{name}'; GET /api/series lists them.");
        }

        return TypedResults.Ok(await store.ValuesAsync(name, codes, fromDay, toDay, cancellationToken));
    }
}
