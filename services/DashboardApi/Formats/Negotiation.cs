using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace WelfarePlatform.DashboardApi.Formats;

/// <summary>What a caller asked for with <c>Accept</c>.</summary>
public enum ResponseFormat
{
    Json,
    Csv,
}

/// <summary>
/// JSON by default (no Accept, <c>*/*</c>, <c>application/json</c>), CSV for <c>text/csv</c> (or
/// <c>text/*</c>), taking the caller's quality values into account; anything else is answered 406.
/// </summary>
public static class Negotiation
{
    public const string Csv = "text/csv";
    public const string Json = "application/json";

    public static ResponseFormat? Choose(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return ResponseFormat.Json;
        }

        foreach (var media in accept.Where(m => m.Quality is not 0).OrderByDescending(m => m.Quality ?? 1))
        {
            var type = media.MediaType.Value?.ToLowerInvariant();
            switch (type)
            {
                case "*/*" or "application/*" or Json or "application/problem+json":
                    return ResponseFormat.Json;
                case "text/*" or Csv:
                    return ResponseFormat.Csv;
            }
        }

        return null;
    }

    public static IResult NotAcceptable(HttpRequest request) =>
        TypedResults.Problem(statusCode: StatusCodes.Status406NotAcceptable, title: "Unsupported Accept",
            detail: $"This endpoint answers application/json (the default) or text/csv; Accept was '{request.Headers.Accept}'.");

    public static byte[] Serialize<T>(HttpContext context, T value, ResponseFormat format, Func<T, string> csv) => format switch
    {
        ResponseFormat.Csv => Encoding.UTF8.GetBytes(csv(value)),
        _ => JsonSerializer.SerializeToUtf8Bytes(value, context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions),
    };

    public static IResult Bytes(byte[] body, ResponseFormat format) =>
        TypedResults.Bytes(body, format == ResponseFormat.Csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8");

    /// <summary>Answers <paramref name="value"/> in the negotiated format, or 406.</summary>
    public static IResult Respond<T>(HttpContext context, T value, Func<T, string> csv) =>
        Choose(context.Request) is { } format ? Bytes(Serialize(context, value, format, csv), format) : NotAcceptable(context.Request);

    /// <summary>Documents both media types of a 200 answer and the 406.</summary>
    public static RouteHandlerBuilder ProducesJsonAndCsv<T>(this RouteHandlerBuilder builder) => builder
        .Produces<T>(StatusCodes.Status200OK, Json, Csv)
        .ProducesProblem(StatusCodes.Status406NotAcceptable);
}
