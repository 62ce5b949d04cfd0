using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.Eligibility.Rulesets;

internal static class RulesetsApi
{
    public static IEndpointRouteBuilder MapRulesetsApi(this IEndpointRouteBuilder app)
    {
        var rulesets = app.MapGroup("/api/rulesets").WithTags("Rulesets").RequireRoles(Roles.Analyst, Roles.Steward);
        rulesets.MapGet("/", ListRulesets)
            .WithSummary("The rulesets eligibility evaluates")
            .WithDescription("Every ruleset (round-2017, round-2018, round-2022, ...) with its version, reference date, parameters (values with valid-from dates) and criteria in order.");
        rulesets.MapGet("/{rulesetId}", GetRuleset)
            .WithSummary("One ruleset")
            .WithDescription("A ruleset's criteria (fact read, comparison: atMost, below, equals or minAge; parameter; missing-value rule) and parameters with valid-from dates.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<Ruleset>>> ListRulesets(RulesetStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(cancellationToken));

    public static async Task<Results<Ok<Ruleset>, ProblemHttpResult>> GetRuleset(string rulesetId, RulesetStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(rulesetId, cancellationToken) is { } ruleset
            ? TypedResults.Ok(ruleset)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ruleset", detail: $"No ruleset '{rulesetId}'; GET /api/rulesets lists them (e.g. round-2022).");
}
