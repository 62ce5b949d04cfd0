using Microsoft.AspNetCore.Mvc;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.RegistrationIngest.Batches;

internal static partial class BatchesApi
{
    public static IEndpointRouteBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        var batches = app.MapGroup("/api/batches").WithTags("Batches");

        batches.MapPost("/{kind}", PostBatch)
            .RequireRoles(Roles.Ingest, Roles.Steward)
            // A registry file is gigabytes; it is spooled to disk while hashed, never held in memory.
            .WithMetadata(new DisableRequestSizeLimitAttribute())
            .Accepts<Stream>("text/csv")
            .WithSummary("Upload a batch file")
            .WithDescription("Streams a CSV file (FORMATS.md) of kind registrations, evidence or payments from source `source` as of `asOf` (yyyy-mm-dd). " +
                "The body may be UTF-8 (default, BOM allowed), windows-874 or tis-620, declared in the Content-Type charset. " +
                "The file is kept unchanged in Blob storage and loaded in the background; posting the same content from the same source again answers with the existing batch.");
        batches.MapGet("/{batchId:guid}", GetBatch)
            .RequireRoles(Roles.Ingest, Roles.Steward)
            .WithSummary("A batch's status and counts");
        batches.MapGet("/{batchId:guid}/rejects", GetRejects)
            .RequireRoles(Roles.Ingest, Roles.Steward)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithSummary("Rejected rows as CSV: row_number,reason_code,detail,raw");
        return app;
    }

    /// <summary>Accepts a batch file for loading.</summary>
    public static async Task<Results<Accepted<BatchAccepted>, ProblemHttpResult>> PostBatch(
        string kind, string? source, string? asOf, HttpRequest request, RawFileStore rawFiles, BatchStore store, CancellationToken cancellationToken)
    {
        if (!BatchKinds.IsKnown(kind))
        {
            return Problem(StatusCodes.Status404NotFound, "Unknown batch kind", $"'{kind}' is not a batch kind; use registrations, evidence or payments.");
        }

        if (string.IsNullOrWhiteSpace(source) || !SourceCode().IsMatch(source))
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing or bad source", "Query parameter 'source' must be a source code of 1-64 lower-case letters, digits or '-', e.g. ?source=bank.");
        }

        if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", out var asOfDate))
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing or bad asOf", "Query parameter 'asOf' must be the date the file describes, as yyyy-mm-dd, e.g. ?asOf=2022-09-05.");
        }

        if (!BatchCharsets.TryFromContentType(request.ContentType, out var charset, out var charsetError))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", charsetError);
        }

        var raw = await rawFiles.KeepAsync(request.Body, source, kind, cancellationToken);
        var batch = await store.CreateOrFindAsync(kind, source, asOfDate, charset, raw, cancellationToken);
        var statusUrl = $"/api/batches/{batch.BatchId}";
        return TypedResults.Accepted(statusUrl, new BatchAccepted(batch.BatchId, batch.Status, statusUrl));
    }

    public static async Task<Results<Ok<BatchStatus>, NotFound>> GetBatch(Guid batchId, BatchStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(batchId, cancellationToken) is { } batch ? TypedResults.Ok(batch) : TypedResults.NotFound();

    public static async Task<Results<EmptyHttpResult, NotFound>> GetRejects(Guid batchId, BatchStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(batchId, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        response.ContentType = "text/csv; charset=utf-8";
        response.Headers[HeaderNames.ContentDisposition] = $"attachment; filename=\"rejects-{batchId}.csv\"";
        await store.WriteRejectsCsvAsync(batchId, response.BodyWriter.AsStream(), cancellationToken);
        return TypedResults.Empty;
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex SourceCode();
}

/// <summary>The answer to an upload: where to follow the batch.</summary>
public sealed record BatchAccepted(Guid BatchId, string Status, string StatusUrl);
