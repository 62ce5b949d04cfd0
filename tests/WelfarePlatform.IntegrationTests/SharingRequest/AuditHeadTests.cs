using System.Text.Json.Nodes;
using Npgsql;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.SharingRequest.Audit;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.SharingRequest;

/// <summary>
/// The chain head signed into Blob storage (Azurite) catches what the chain alone cannot: a removed
/// tail (the rows left still chain) and a chain rewritten from an edited row onwards with fresh hashes.
/// </summary>
public sealed class AuditHeadTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private Dictionary<string, string> settings = [];
    private ServiceHost<SharingRequestApp> host = null!;
    private SharingClient sharing = null!;

    public async ValueTask InitializeAsync()
    {
        settings = await TestPlatform.SettingsAsync(infrastructure, $"sharing_head_{Guid.NewGuid():N}"[..24], "sharingdb");
        settings["Audit:HeadSigningKey"] = "integration-tests-audit-head-key-0123456789";
        settings["Audit:HeadInterval"] = "00:00:00.200";
        host = new(settings);
        sharing = new(host);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_removed_tail_no_longer_matches_the_signed_head_and_is_never_signed_over()
    {
        await SixRowsSignedAsync();
        await using var database = NpgsqlDataSource.Create(settings["ConnectionStrings:sharingdb"]);
        await database.CreateCommand("""
            alter table audit_log disable trigger audit_log_no_update_delete;
            delete from audit_log where seq > 4;
            alter table audit_log enable trigger audit_log_no_update_delete;
            """).ExecuteNonQueryAsync();

        var verified = await sharing.GetAsync(Roles.Dpo, "/api/audit/verify");
        verified["firstBrokenSeq"].ShouldBeNull("the four rows left still chain");
        verified["valid"]!.GetValue<bool>().ShouldBeFalse();
        verified["head"]!["status"]!.GetValue<string>().ShouldBe("truncated");
        verified["head"]!["detail"]!.GetValue<string>().ShouldContain("covers 6 rows; the table holds 4");

        // The signer keeps refusing to sign the shorter trail.
        await Task.Delay(TimeSpan.FromSeconds(1));
        (await sharing.GetAsync(Roles.Dpo, "/api/audit/verify"))["head"]!["signedSeq"]!.GetValue<long>().ShouldBe(6);
    }

    [Fact]
    public async Task A_chain_rewritten_with_fresh_hashes_no_longer_matches_the_signed_head()
    {
        await SixRowsSignedAsync();
        await using var database = NpgsqlDataSource.Create(settings["ConnectionStrings:sharingdb"]);
        // Edit row 3 and recompute every hash after it, as someone with the table owner's rights could.
        var rows = new List<(long Seq, DateTimeOffset At, string Actor, string Role, string Action, Guid? RequestId, string Detail)>();
        await using (var reader = await database.CreateCommand("select seq, at, actor, role, action, request_id, detail from audit_log order by seq").ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.GetString(6)));
            }
        }

        await database.CreateCommand("alter table audit_log disable trigger audit_log_no_update_delete").ExecuteNonQueryAsync();
        var previous = AuditLog.Genesis;
        foreach (var row in rows)
        {
            var actor = row.Seq == 3 ? "someone-else" : row.Actor;
            var hash = AuditLog.Hash(previous, row.Seq, row.At, actor, row.Role, row.Action, row.RequestId, row.Detail);
            await using var update = database.CreateCommand("update audit_log set actor = $2, previous_hash = $3, hash = $4 where seq = $1");
            update.Parameters.Add(new NpgsqlParameter { Value = row.Seq });
            update.Parameters.Add(new NpgsqlParameter { Value = actor });
            update.Parameters.Add(new NpgsqlParameter { Value = previous });
            update.Parameters.Add(new NpgsqlParameter { Value = hash });
            await update.ExecuteNonQueryAsync();
            previous = hash;
        }

        await database.CreateCommand("alter table audit_log enable trigger audit_log_no_update_delete").ExecuteNonQueryAsync();

        var verified = await sharing.GetAsync(Roles.Dpo, "/api/audit/verify");
        verified["firstBrokenSeq"].ShouldBeNull("the rewritten chain is internally consistent");
        verified["valid"]!.GetValue<bool>().ShouldBeFalse();
        verified["head"]!["status"]!.GetValue<string>().ShouldBe("rewritten");
    }

    /// <summary>Three A1 requests (submitted and approved: six rows), then waits until the signed head covers row 6.</summary>
    private async Task SixRowsSignedAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            await sharing.SubmitAsync(SharingClient.Request("A1", "dashboard.targeted", ["province_code", "registrants"], legalBasis: null));
        }

        // The signer ticks every 200 ms, but a saturated CI machine has delayed the first signing past 15 s.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonNode verified;
        while (true)
        {
            verified = await sharing.GetAsync(Roles.Dpo, "/api/audit/verify");
            if (verified["head"]!["status"]!.GetValue<string>() == "matches" && verified["head"]!["signedSeq"]!.GetValue<long>() == 6)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited 60 s for the head of six rows to be signed; the last verify answered {verified.ToJsonString()}");
            }

            await Task.Delay(200);
        }

        verified["valid"]!.GetValue<bool>().ShouldBeTrue();
        verified["rows"]!.GetValue<long>().ShouldBe(6);
    }
}
