using Microsoft.AspNetCore.Http.HttpResults;
using Refit;
using WelfarePlatform.DashboardApi.Targeted;
using WelfarePlatform.DashboardApi.Timely;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.DashboardApi.ReadModels;

/// <summary>What a rebuild did.</summary>
public sealed record RebuildResult(string ReadModel, string Method, int Rows);

internal static class RebuildApi
{
    public static IEndpointRouteBuilder MapRebuildApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/read-models/{name}/rebuild", RebuildAsync)
            .WithTags("Read models")
            .RequireRoles(Roles.Steward)
            .WithSummary("Clears a read model and derives it again")
            .WithDescription("timely: every series and the timeliness report are read again from external-data (GET /api/series, /api/series/{name}/values, " +
                "/api/timeliness/lags) and replace the old contents in one transaction. " +
                "targeted: the current determinations per ruleset are derived again from the snapshots dashboard-api keeps (one per ruleset and as-of date); " +
                "registrant counts before any determinations cannot be re-derived. Events themselves are not replayed: the broker does not keep them, " +
                "so a lost snapshot comes back with eligibility's next evaluation. " +
                "freshness: 409 — it is built only from events (RegistryBatchCompleted, ProvinceSeriesChanged) that no one keeps, so clearing it would " +
                "lose what it knows; each source's next batch or feed refreshes it. Unknown name: 404; external-data unreachable: 502.");
        return app;
    }

    private static async Task<Results<Ok<RebuildResult>, ProblemHttpResult>> RebuildAsync(string name, IServiceProvider services, CancellationToken cancellationToken)
    {
        switch (name)
        {
            case "timely":
                try
                {
                    var rows = await services.GetRequiredService<TimelyFetcher>().RebuildAsync(cancellationToken);
                    return TypedResults.Ok(new RebuildResult(name, "re-read from external-data", rows));
                }
                catch (Exception exception) when (exception is ApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "external-data did not answer",
                        detail: $"The Timely read model is unchanged; try again when external-data is up ({exception.Message}).");
                }

            case "targeted":
                var provinces = await services.GetRequiredService<TargetedReadModel>().RebuildFromSnapshotsAsync(cancellationToken);
                return TypedResults.Ok(new RebuildResult(name, "re-derived from kept determinations snapshots", provinces));
            case "freshness":
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Freshness cannot be rebuilt",
                    detail: "It is built only from events that are not kept anywhere to replay; clearing it would lose every source's last as-of date. Each source's next batch or feed refreshes it.");
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown read model",
                    detail: $"'{name}' is not a read model; they are targeted, timely and freshness.");
        }
    }
}
