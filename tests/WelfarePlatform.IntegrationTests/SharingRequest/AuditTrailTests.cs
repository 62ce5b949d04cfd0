using System.Net;
using Npgsql;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.SharingRequest;

/// <summary>The audit trail records every request and decision, refuses edits, and verify finds a row edited behind its back.</summary>
public sealed class AuditTrailTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private Dictionary<string, string> settings = [];
    private ServiceHost<SharingRequestApp> host = null!;
    private SharingClient sharing = null!;

    public async ValueTask InitializeAsync()
    {
        settings = await TestPlatform.SettingsAsync(infrastructure, "sharing_audit", "sharingdb");
        host = new(settings);
        sharing = new(host);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Every_request_and_decision_is_chained_and_an_edited_row_is_found_by_verify()
    {
        var id = (await sharing.SubmitAsync(SharingClient.Request("A3", "registry.applicants", ["pid", "card_holder"], "s24(1)", 100))).Id();
        await sharing.DecideAsync(id, Roles.Steward, "approve");
        await sharing.DecideAsync(id, Roles.Dpo, "approve");
        await sharing.RevokeAsync(id, Roles.Steward, "Project ended early");
        await sharing.SubmitAsync(SharingClient.Request("A3", "registry.applicants", ["national_id"], "s24(1)"), HttpStatusCode.UnprocessableEntity);

        var trail = (await sharing.GetAsync(Roles.Dpo, $"/api/audit?request={id}")).AsArray();
        trail.Select(r => r!["action"]!.GetValue<string>()).ShouldBe(["request.submitted", "request.approve", "request.approve", "request.revoke"]);
        trail.Select(r => r!["role"]!.GetValue<string>()).ShouldBe(["agency", "steward", "dpo", "steward"]);
        for (var i = 1; i < trail.Count; i++)
        {
            trail[i]!["previousHash"]!.GetValue<string>().ShouldBe(trail[i - 1]!["hash"]!.GetValue<string>());
        }

        var all = (await sharing.GetAsync(Roles.Steward, "/api/audit")).AsArray();
        all.Count.ShouldBe(5);
        all[4]!["action"]!.GetValue<string>().ShouldBe("request.refused_on_submission");
        all[4]!["detail"]!.GetValue<string>().ShouldContain("DIRECT_IDENTIFIER_NOT_ALLOWED");

        var verified = await sharing.GetAsync(Roles.Dpo, "/api/audit/verify");
        verified["valid"]!.GetValue<bool>().ShouldBeTrue();
        verified["rows"]!.GetValue<long>().ShouldBe(5);
        await sharing.GetAsync(Roles.Steward, "/api/audit/verify", HttpStatusCode.Forbidden);

        await using var database = NpgsqlDataSource.Create(settings["ConnectionStrings:sharingdb"]);
        // The service cannot edit the trail: the trigger refuses UPDATE and DELETE.
        var refused = await Should.ThrowAsync<PostgresException>(async () =>
            await database.CreateCommand("update audit_log set detail = '{}' where seq = 3").ExecuteNonQueryAsync());
        refused.MessageText.ShouldContain("append-only");

        // Someone with the table owner's rights goes around it: verify still finds the row.
        await database.CreateCommand("""
            alter table audit_log disable trigger audit_log_no_update_delete;
            update audit_log set actor = 'someone-else' where seq = 3;
            alter table audit_log enable trigger audit_log_no_update_delete;
            """).ExecuteNonQueryAsync();
        var broken = await sharing.GetAsync(Roles.Dpo, "/api/audit/verify");
        broken["valid"]!.GetValue<bool>().ShouldBeFalse();
        broken["firstBrokenSeq"]!.GetValue<long>().ShouldBe(3);
    }
}
