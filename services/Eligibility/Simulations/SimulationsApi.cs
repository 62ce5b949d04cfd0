using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.Eligibility.Evaluations;
using WelfarePlatform.Eligibility.Rulesets;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.Eligibility.Simulations;

internal static class SimulationsApi
{
    public static IEndpointRouteBuilder MapSimulationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/simulations").WithTags("Simulations")
            .MapPost("/", PostSimulation)
            .RequireRoles(Roles.Steward)
            .WithSummary("What if a ruleset's parameters were different")
            .WithDescription("Body: { \"ruleset\": \"round-2022\", \"date\": \"2023-01-01\", \"overrides\": { \"max_income\": 120000 } }. " +
                "Compares every stored determination under the ruleset with its values against the simulated limits (a null override ends a parameter) and answers, " +
                "nationally and per province, how many become eligible or ineligible, how many newly fail or stop failing each criterion, and the monthly benefit cost before, after and its change (baht). " +
                "Nothing is stored. Counts are not suppressed (steward role).");
        return app;
    }

    /// <summary>Runs a what-if over the whole population.</summary>
    public static async Task<Results<Ok<SimulationResult>, ProblemHttpResult>> PostSimulation(
        SimulationRequest? request, RulesetStore rulesets, SimulationRunner runner, EvaluationDate evaluationDate, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Ruleset))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing ruleset",
                detail: "The body must name the ruleset, e.g. { \"ruleset\": \"round-2022\", \"overrides\": { \"max_income\": 120000 } }.");
        }

        if (await rulesets.FindAsync(request.Ruleset, cancellationToken) is not { } ruleset)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown ruleset", detail: $"No ruleset '{request.Ruleset}'; GET /api/rulesets lists them.");
        }

        var overrides = request.Overrides ?? [];
        var unknown = overrides.Keys.Where(k => !ruleset.Parameters.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown parameter",
                detail: $"{ruleset.Id} has no parameter {string.Join(", ", unknown)}; its parameters are {string.Join(", ", ruleset.Parameters.Keys)}.");
        }

        if (overrides.FirstOrDefault(o => o.Value < 0) is { Key: not null } negative)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Negative parameter", detail: $"Override {negative.Key} = {negative.Value} is below zero.");
        }

        return TypedResults.Ok(await runner.RunAsync(ruleset, request.Date ?? evaluationDate.Today(), overrides, cancellationToken));
    }
}
