using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.RegistrationIngest.Audit;

internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/audit").WithTags("Audit")
            .MapGet("/verify", Verify)
            .RequireRoles(Roles.Dpo)
            .WithSummary("Recompute the audit log's hash chain")
            .WithDescription("Recomputes every audit row's hash from the first; `valid` is false and `firstBrokenSeq` names the first row that does not match when a row was edited, removed or reordered.");
        return app;
    }

    public static async Task<Ok<AuditChainCheck>> Verify(AuditLog auditLog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await auditLog.VerifyAsync(cancellationToken));
}
