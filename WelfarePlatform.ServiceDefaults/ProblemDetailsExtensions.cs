using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Every error leaves a service as RFC 9457 problem details, never as a stack trace.</summary>
public static class ProblemDetailsExtensions
{
    /// <summary>How long a caller is told to wait after a dependency of the service was down (Retry-After).</summary>
    private const int RetryAfterSeconds = 30;

    public static IServiceCollection AddPlatformProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            // The W3C trace id, so a caller's report can be found in the traces.
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            if (context.Exception is BadHttpRequestException badRequest)
            {
                // Says which parameter could not be read, e.g. 'Failed to bind parameter "Guid id" from "null".';
                // for a JSON body, also where in it ("Path: $.date"), which the outer message does not say.
                context.ProblemDetails.Detail = badRequest.InnerException is System.Text.Json.JsonException json
                    ? $"{badRequest.Message} {json.Message}"
                    : badRequest.Message;
            }
            else if (IsUnstorableCharacter(context.Exception))
            {
                context.ProblemDetails.Detail = "A value in the request holds a character that cannot be stored (NUL, U+0000, or a byte sequence that is not UTF-8). Remove it and send the request again.";
            }
            else if (WelfarePlatform.ServiceDefaults.UnavailableDependency.Of(context.Exception) is { } dependency)
            {
                // Says what was down, not where: the caller gets no internal address.
                context.ProblemDetails.Detail = $"{dependency} of this service could not be reached or was too busy to answer, so the request was not completed. " +
                    $"Send it again in {RetryAfterSeconds} seconds; if this goes on, give the platform's operators this answer's traceId.";
                context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        });

        // A malformed route value, query or body throws, so the exception handler's problem details
        // can say which parameter was wrong (without it, the 400 says only "Bad Request"); the
        // exception handler, not a developer page, answers in every environment. A caller's mistake
        // is not logged as the service's error.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<ExceptionHandlerOptions>(options =>
        {
            options.StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException badRequest => badRequest.StatusCode,
                _ when IsUnstorableCharacter(exception) => StatusCodes.Status400BadRequest,
                _ when WelfarePlatform.ServiceDefaults.UnavailableDependency.Of(exception) is not null => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            };
            options.SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException || IsUnstorableCharacter(context.Exception);
        });
        return services;
    }

    // PostgreSQL refuses NUL in text (22021) and bytes its encoding cannot hold (22P05): that is the
    // caller's value, not a fault of the service, wherever in a query or body it arrived.
    private static bool IsUnstorableCharacter(Exception? exception) =>
        exception is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire or Npgsql.PostgresErrorCodes.UntranslatableCharacter };
}
