using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.DashboardApi.Formats;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.DashboardApi.Freshness;

/// <summary>Dashboard:DefaultCadenceDays: the cadence of a source whose events carry none (feeds).</summary>
public sealed record FreshnessOptions(int DefaultCadenceDays)
{
    public const int Default = 7;
}

internal static class FreshnessApi
{
    public static IEndpointRouteBuilder MapFreshnessApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/freshness", async (HttpContext context, FreshnessReadModel readModel, FreshnessOptions options, TimeProvider clock, CancellationToken cancellationToken) =>
                Negotiation.Respond(context, (await GetFreshness(readModel, options, clock, cancellationToken)).Value!, Csv))
            .WithTags("Freshness")
            .ProducesJsonAndCsv<FreshnessReport>()
            .RequireRoles(Roles.Analyst)
            .WithSummary("Every source's last as-of date and whether it is stale")
            .WithDescription("Built from RegistryBatchCompleted (registrations, evidence, payments; the source's cadence from ingest's configuration) " +
                "and ProvinceSeriesChanged (feeds: covid-cases, disasters). stale: lastAsOf + cadenceDays is before today (UTC). " +
                "A source whose events carry no cadence uses Dashboard:DefaultCadenceDays (default 7) and says defaultCadence: true. " +
                "CSV: today,source,kind,lastAsOf,cadenceDays,defaultCadence,stale,lastReceivedAt, one row per source.");
        return app;
    }

    public static async Task<Ok<FreshnessReport>> GetFreshness(FreshnessReadModel readModel, FreshnessOptions options, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(FreshnessRule.Report(await readModel.ReadAsync(cancellationToken), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), options.DefaultCadenceDays));

    public static string Csv(FreshnessReport report)
    {
        var csv = new CsvWriter().Row("today", "source", "kind", "lastAsOf", "cadenceDays", "defaultCadence", "stale", "lastReceivedAt");
        foreach (var source in report.Sources)
        {
            csv.Row(report.Today, source.Source, source.Kind, source.LastAsOf, source.CadenceDays, source.DefaultCadence, source.Stale, source.LastReceivedAt);
        }

        return csv.ToString();
    }
}
