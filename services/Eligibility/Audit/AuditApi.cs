using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.Eligibility.Audit;

internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/audit").WithTags("Audit")
            .MapGet("/explain/verify", Verify)
            .RequireRoles(Roles.Dpo, Roles.Steward)
            .WithSummary("Verify the explain audit log's hash chain")
            .WithDescription("Recomputes every row's hash from the first row on; answers whether the chain is intact, the rows checked and the first broken sequence.");
        return app;
    }

    public static async Task<Ok<AuditVerification>> Verify(ExplainAuditLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok(await log.VerifyAsync(cancellationToken));
}
