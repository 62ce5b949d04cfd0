using Microsoft.AspNetCore.Http.HttpResults;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.SharingRequest.Audit;

internal static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit");
        audit.MapGet("/", ListAudit)
            .RequireRoles(Roles.Dpo, Roles.Steward)
            .WithSummary("The audit trail, for one request or all")
            .WithDescription("Every request (including those refused on submission), decision and revocation, oldest first, with each row's hash and the previous row's hash. " +
                "`request` narrows it to one request; `limit` (default 1000, at most 10000) bounds the answer.");
        audit.MapGet("/verify", Verify)
            .RequireRoles(Roles.Dpo)
            .WithSummary("Recompute the audit trail's hash chain")
            .WithDescription("Recomputes every row's hash from the first; `valid` is false and `firstBrokenSeq` names the first row that does not match when a row was edited, removed or reordered. " +
                "`head` checks the chain head signed (HMAC, Audit:HeadSigningKey) into Blob storage every Audit:HeadInterval: a removed tail (`truncated`) or a rewritten chain (`rewritten`) makes `valid` false too.");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<AuditEntry>>> ListAudit(Guid? request, int? limit, AuditLog auditLog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await auditLog.ListAsync(request, Math.Clamp(limit ?? 1000, 1, 10_000), cancellationToken));

    public static async Task<Ok<AuditChainCheck>> Verify(AuditLog auditLog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await auditLog.VerifyAsync(cancellationToken));
}
