using WelfarePlatform.DashboardApi.Formats;
using WelfarePlatform.DashboardApi.Suppression;
using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.DashboardApi.Targeted;

internal static class TargetedApi
{
    public static IEndpointRouteBuilder MapTargetedApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/targeted").WithTags("Targeted")
            .MapGet("/summary", GetSummaryResponse)
            .ProducesJsonAndCsv<TargetedSummary>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireRoles(Roles.Analyst)
            .WithSummary("Registrants, card holders and eligibility outcomes, national and per province")
            .WithDescription("Counts under k (configuration Dashboard:SuppressionK, default 10) are withheld: null, and named in that object's `suppressed` list. " +
                "Criterion counts count a person once under every criterion they fail; a withheld one is named `ineligibleByCriterion.<ID>`. " +
                "Until eligibility publishes determinations for the ruleset, every registrant is counted as unknown. " +
                "Complementary suppression: where a total minus the shown parts would give a withheld count back (national = sum of provinces; registrants = eligible + ineligible + unknown), the next-smallest count is withheld too. " +
                "staleEvidenceShare: registrants whose outcome rests on stale evidence, as a share (0..1); null when eligibility did not count it. " +
                "asOf (yyyy-mm-dd, optional): the newest determinations snapshot with an as-of date on or before it (every snapshot received is kept); " +
                "404 when none is that old or the ruleset has none, 400 when it is not a date. " +
                "CSV (Accept: text/csv): one header row, a national row then one row per province; criterion columns ineligibleByCriterion.<ID>; a withheld count is an empty cell and named in the suppressed column (;-separated).");
        return app;
    }

    /// <summary>The summary in the negotiated format, from the cache when this version was already serialized.</summary>
    public static async Task<IResult> GetSummaryResponse(HttpContext context, TargetedReadModel readModel, SuppressionOptions suppression, SummaryCache cache,
        CancellationToken cancellationToken, string ruleset = "round-2022", string? asOf = null)
    {
        if (Negotiation.Choose(context.Request) is not { } format)
        {
            return Negotiation.NotAcceptable(context.Request);
        }

        if (cache.TryGet(ruleset, asOf, format, out var cached))
        {
            return Negotiation.Bytes(cached, format);
        }

        var generation = cache.Generation;
        var answer = await GetSummary(readModel, suppression, cancellationToken, ruleset, asOf);
        if (answer.Result is not Ok<TargetedSummary> { Value: { } summary })
        {
            return answer;
        }

        var body = Negotiation.Serialize(context, summary, format, TargetedCsv.Write);
        cache.Keep(ruleset, asOf, format, body, generation);
        return Negotiation.Bytes(body, format);
    }

    /// <summary>The Targeted summary for a ruleset (default round-2022), now or as of an earlier date.</summary>
    public static async Task<Results<Ok<TargetedSummary>, ProblemHttpResult>> GetSummary(
        TargetedReadModel readModel, SuppressionOptions suppression, CancellationToken cancellationToken, string ruleset = "round-2022", string? asOf = null)
    {
        if (asOf is not null)
        {
            if (!DateOnly.TryParseExact(asOf, "yyyy-MM-dd", out var date))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad asOf",
                    detail: $"'asOf' must be a date as yyyy-mm-dd, e.g. asOf=2022-09-30; it was '{asOf}'.");
            }

            var (snapshot, earliest) = await readModel.ReadDeterminationsAsOfAsync(ruleset, date, cancellationToken);
            if (snapshot is not { } held)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No snapshot for that date",
                    detail: earliest is { } first
                        ? $"dashboard-api holds {ruleset} determinations as of {first:yyyy-MM-dd} and later; nothing as of {date:yyyy-MM-dd} or earlier."
                        : $"dashboard-api holds no {ruleset} determinations yet; ask without asOf for the registrant counts.");
            }

            return TypedResults.Ok(TargetedSummaryBuilder.Build(ruleset, held.AsOf, held.Provinces, suppression.K));
        }

        if (await readModel.ReadDeterminationsAsync(ruleset, cancellationToken) is { } determinations)
        {
            return TypedResults.Ok(TargetedSummaryBuilder.Build(ruleset, determinations.AsOf, determinations.Provinces, suppression.K));
        }

        var (registrantsAsOf, provinces) = await readModel.ReadAsync(cancellationToken);
        return TypedResults.Ok(TargetedSummaryBuilder.Build(ruleset, registrantsAsOf, provinces, suppression.K));
    }
}
