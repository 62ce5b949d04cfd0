using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.Eligibility.Facts;

internal static class FactsApi
{
    public static IEndpointRouteBuilder MapFactsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/facts").WithTags("Facts")
            .MapGet("/provinces", GetProvinces)
            .RequireRoles(Roles.Steward)
            .WithSummary("People eligibility holds facts for, by province")
            .WithDescription("Counts of pseudonymous person records and card holders per province code, as loaded from registry change sets. Steward role: the counts are not suppressed.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<ProvinceRegistrants>>> GetProvinces(PersonFactsStore facts, CancellationToken cancellationToken) =>
        TypedResults.Ok(await facts.CountByProvinceAsync(cancellationToken));
}
