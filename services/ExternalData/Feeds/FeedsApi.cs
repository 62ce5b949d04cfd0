using Microsoft.AspNetCore.Mvc;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using WelfarePlatform.ExternalData.Covid;
using WelfarePlatform.ExternalData.Disasters;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.ExternalData.Feeds;

internal static class FeedsApi
{
    private const long FeedSizeLimitBytes = 256L * 1024 * 1024;

    public static IEndpointRouteBuilder MapFeedsApi(this IEndpointRouteBuilder app)
    {
        // A national Covid-19 feed over several years is tens of megabytes, above Kestrel's 30 MB default.
        var feeds = app.MapGroup("/api/feeds").WithTags("Feeds")
            .WithMetadata(new RequestSizeLimitAttribute(FeedSizeLimitBytes));

        feeds.MapPost("/covid-cases", PostCovidCases)
            .RequireRoles(Roles.Ingest, Roles.Steward)
            .Accepts<Stream>("application/json")
            .WithSummary("Post Covid-19 cases by province (the DDC open-data shape)")
            .WithDescription("A JSON array of { txn_date, province, new_case, total_case, new_case_excludeabroad, total_case_excludeabroad, new_death, total_death, update_date }, " +
                "province as its Thai (or English) name, with or without จังหวัด. new_case goes to the series covid-new-cases, new_death to covid-new-deaths. " +
                "A row with an unknown province, a bad or future date, a bad or negative count or a repeated province-day is rejected (row = array position from 1, reason, detail); the rest is loaded, all in one transaction. " +
                "A day published again with new numbers replaces the value (the old one is kept in history); the same data again changes nothing (valuesChanged = 0). " +
                "The same feed is pulled on a schedule when Feeds:CovidCases:Url is set.");
        feeds.MapPost("/disasters", PostDisasters)
            .RequireRoles(Roles.Ingest, Roles.Steward)
            .Accepts<Stream>("text/csv")
            .WithSummary("Post disaster declarations (CSV)")
            .WithDescription("Columns (any order, header required): province (code, Thai or English name), district (optional), hazard (flood, drought, storm, landslide, fire, other), " +
                "declared_on, ended_on (optional), affected_households (optional); dates yyyy-mm-dd or dd/mm/yyyy (a year ≥ 2400 is Buddhist Era). " +
                "Charset utf-8 (default), windows-874 or tis-620 in the Content-Type. `asOf` (yyyy-mm-dd, default today) is the date the file describes: later dates are rejected as FUTURE_DATE. " +
                "A declaration is keyed by province, district, hazard and declared_on: posting it again with an ended_on updates it; the same file again changes nothing.");
        feeds.MapGet("/pulls", GetPulls)
            .RequireRoles(Roles.Ingest, Roles.Steward, Roles.Analyst)
            .WithSummary("The scheduled pulls: last attempt, last success, last change, failures in a row, the next attempt and the last error");
        return app;
    }

    /// <summary>Loads a posted Covid-19 feed.</summary>
    public static async Task<Results<Ok<FeedResult>, ProblemHttpResult>> PostCovidCases(HttpRequest request, CovidCasesFeed feed, CancellationToken cancellationToken)
    {
        if (request.ContentType is { } contentType
            && (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", $"Content-Type '{contentType}' is not application/json. Send the DDC feed as application/json.");
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        try
        {
            return TypedResults.Ok(await feed.LoadAsync(body, "post", cancellationToken));
        }
        catch (FeedFormatException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Unreadable feed", e.Message);
        }
    }

    /// <summary>Loads a posted disaster-declarations CSV.</summary>
    public static async Task<Results<Ok<FeedResult>, ProblemHttpResult>> PostDisasters(
        HttpRequest request, DisasterFeed feed, TimeProvider clock, CancellationToken cancellationToken, string? asOf = null)
    {
        var asOfDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (asOf is not null && !DateOnly.TryParseExact(asOf, "yyyy-MM-dd", out asOfDate))
        {
            return Problem(StatusCodes.Status400BadRequest, "Bad asOf", $"Query parameter 'asOf' must be the date the file describes, as yyyy-mm-dd; it was '{asOf}'.");
        }

        Encoding? encoding = DisasterFeed.StrictEncoding(null);
        if (request.ContentType is { } contentType)
        {
            if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || !mediaType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
            {
                return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", $"Content-Type '{contentType}' is not text/csv. Send the file as text/csv (optionally with charset=utf-8, windows-874 or tis-620).");
            }

            encoding = DisasterFeed.StrictEncoding(mediaType.Charset.Value);
            if (encoding is null)
            {
                return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported charset", $"charset '{mediaType.Charset}' is not supported; use utf-8, windows-874 or tis-620.");
            }
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        try
        {
            var text = encoding!.GetString(body.Span);
            return TypedResults.Ok(await feed.LoadAsync(text, asOfDate, cancellationToken));
        }
        catch (DecoderFallbackException)
        {
            return Problem(StatusCodes.Status400BadRequest, "Undecodable file", $"The bytes are not valid {encoding!.WebName}. Declare the file's charset in the Content-Type (utf-8, windows-874 or tis-620).");
        }
        catch (FeedFormatException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Unreadable file", e.Message);
        }
    }

    public static async Task<Ok<IReadOnlyList<FeedPullState>>> GetPulls(FeedPullStore pulls, CancellationToken cancellationToken) =>
        TypedResults.Ok(await pulls.ListAsync(cancellationToken));

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
