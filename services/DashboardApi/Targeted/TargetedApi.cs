using WelfarePlatform.DashboardApi.Suppression;
using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.DashboardApi.Targeted;

internal static class TargetedApi
{
    public static IEndpointRouteBuilder MapTargetedApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/targeted").WithTags("Targeted")
            .MapGet("/summary", GetSummary)
            .RequireRoles(Roles.Analyst)
            .WithSummary("Registrants, card holders and eligibility outcomes, national and per province")
            .WithDescription("Counts under k (configuration Dashboard:SuppressionK, default 10) are withheld: null, and named in that object's `suppressed` list. " +
                "Criterion counts count a person once under every criterion they fail; a withheld one is named `ineligibleByCriterion.<ID>`. " +
                "Until eligibility publishes determinations for the ruleset, every registrant is counted as unknown.");
        return app;
    }

    /// <summary>The Targeted summary for a ruleset (default round-2022).</summary>
    public static async Task<Ok<TargetedSummary>> GetSummary(TargetedReadModel readModel, SuppressionOptions suppression, CancellationToken cancellationToken, string ruleset = "round-2022")
    {
        if (await readModel.ReadDeterminationsAsync(ruleset, cancellationToken) is { } determinations)
        {
            return TypedResults.Ok(TargetedSummaryBuilder.Build(ruleset, determinations.AsOf, determinations.Provinces, suppression.K));
        }

        var (asOf, provinces) = await readModel.ReadAsync(cancellationToken);
        return TypedResults.Ok(TargetedSummaryBuilder.Build(ruleset, asOf, provinces, suppression.K));
    }
}
