using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>History ("what did we know on D"), households, the audited applicant read, and source freshness.</summary>
public sealed class ApplicantsAndSourcesTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private const string Header = RegistrationCsv.Header;
    private static readonly string Head = RegistrationCsv.NationalId(1);
    private static readonly string Spouse = RegistrationCsv.NationalId(2);
    private static readonly string Child = RegistrationCsv.NationalId(3);
    private Dictionary<string, string> settings = [];
    private ServiceHost<RegistrationIngestApp> host = null!;
    private IngestClient ingest = null!;

    public async ValueTask InitializeAsync()
    {
        settings = await TestPlatform.SettingsAsync(infrastructure, $"ingest_as_{Guid.NewGuid():N}"[..20], "registrydb");
        settings["Sources:revenue:CadenceDays"] = "36500";
        host = new(settings);
        ingest = new IngestClient(host.CreateClient(Roles.Ingest), settings);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_steward_reads_record_household_evidence_and_history_and_every_read_is_audited()
    {
        await ingest.CompletedAsync("registrations", "bank", "2022-08-31", string.Join('\n',
            Header,
            $"{Head},สมชาย,ใจดี,1970-01-01,TH,10,H1,head,60000,2022-08-01,1",
            $"{Spouse},สมหญิง,ใจดี,1972-01-01,TH,10,H1,spouse,30000,2022-08-01,0",
            $"{Child},สมศักดิ์,ใจดี,2005-01-01,TH,10,H1,child,0,2022-08-01,0") + "\n");
        // A month later the head's income and card changed; the others are unchanged, so only one new version.
        await ingest.CompletedAsync("registrations", "bank", "2022-09-30", string.Join('\n',
            Header,
            $"{Head},สมชาย,ใจดี,1970-01-01,TH,10,H1,head,90000,2022-08-01,0",
            $"{Spouse},สมหญิง,ใจดี,1972-01-01,TH,10,H1,spouse,30000,2022-08-01,0") + "\n");
        await ingest.CompletedAsync("evidence", "revenue", "2022-09-30", $"national_id,evidence_type,value,as_of\n{Head},annual_income,95000,2021-12-31\n");

        using var steward = host.CreateClient(Roles.Steward);
        var now = (await steward.GetFromJsonAsync<JsonObject>($"/api/applicants/{Head}"))!;
        now["record"]!["declaredIncome"]!.GetValue<decimal>().ShouldBe(90000m);
        now["record"]!["asOf"]!.GetValue<string>().ShouldBe("2022-09-30");
        var members = now["household"]!["members"]!.AsArray();
        members.Select(m => (m!["nationalId"]!.GetValue<string>(), m["relationship"]!.GetValue<string>()))
            .ShouldBe([(Head, "head"), (Spouse, "spouse"), (Child, "child")]);
        now["evidence"]!.AsArray().Single()!["source"]!.GetValue<string>().ShouldBe("revenue");
        var versions = now["history"]!["records"]!.AsArray();
        versions.Select(v => (v!["asOf"]!.GetValue<string>(), v["declaredIncome"]!.GetValue<decimal>(), v["cardHolder"]!.GetValue<bool>()))
            .ShouldBe([("2022-08-31", 60000m, true), ("2022-09-30", 90000m, false)]);
        now["history"]!["evidence"]!.AsArray().Count.ShouldBe(1);
        // History keeps the one replaced version; with the three current ones, four versions in all.
        (await ingest.CountAsync("select count(*) from applicant_history")).ShouldBe(1);
        (await ingest.CountAsync("select count(*) from applicant_versions")).ShouldBe(4);

        // What we knew on 2022-09-15: the August version, and no evidence yet.
        var then = (await steward.GetFromJsonAsync<JsonObject>($"/api/applicants/{Head}?asOf=2022-09-15"))!;
        then["record"]!["declaredIncome"]!.GetValue<decimal>().ShouldBe(60000m);
        then["record"]!["cardHolder"]!.GetValue<bool>().ShouldBeTrue();
        then["evidence"]!.AsArray().ShouldBeEmpty();
        (await steward.GetAsync($"/api/applicants/{Head}?asOf=2022-07-01")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var unknown = await steward.GetAsync($"/api/applicants/{RegistrationCsv.NationalId(42)}");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await steward.GetAsync("/api/applicants/1234")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var analyst = host.CreateClient(Roles.Analyst);
        (await analyst.GetAsync($"/api/applicants/{Head}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Four answered reads (two found, two 404s), each one audit row, chained; the 400 and 403 read nothing.
        (await ingest.CountAsync("select count(*) from audit_log where action = 'applicant.read' and actor = 'dev-steward'")).ShouldBe(4);
        using var dpo = host.CreateClient(Roles.Dpo);
        (await dpo.GetStringAsync("/api/audit/verify")).ShouldBe("""{"rows":4,"valid":true,"firstBrokenSeq":null}""");
        (await ingest.ScalarTextAsync("select string_agg(subject, ',') from audit_log")).ShouldNotContain(Head);

        // The table refuses edits and deletes, whoever asks.
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:registrydb"]);
        (await Should.ThrowAsync<PostgresException>(() => dataSource.CreateCommand("update audit_log set actor = 'x'").ExecuteNonQueryAsync()))
            .MessageText.ShouldContain("append-only");
        await Should.ThrowAsync<PostgresException>(() => dataSource.CreateCommand("delete from audit_log").ExecuteNonQueryAsync());
        await Should.ThrowAsync<PostgresException>(() => dataSource.CreateCommand("truncate audit_log").ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task Sources_report_their_last_as_of_and_are_stale_past_their_cadence()
    {
        var bank = await ingest.PostAsync("registrations", "bank", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), new RegistrationCsv().Person(1, "10").ToString());
        (await ingest.FinishedAsync(bank))["status"]!.GetValue<string>().ShouldBe("completed");
        var old = await ingest.PostAsync("registrations", "bank", "2022-01-31", new RegistrationCsv().Person(2, "10").ToString());
        (await ingest.FinishedAsync(old))["status"]!.GetValue<string>().ShouldBe("completed");
        await ingest.CompletedAsync("evidence", "revenue", "2022-01-31", $"national_id,evidence_type,value,as_of\n{Head},annual_income,1,2021-12-31\n");
        await ingest.CompletedAsync("evidence", "land-department", DateTime.UtcNow.AddDays(-100).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), $"national_id,evidence_type,value,as_of\n{Head},condo_sqm,1,2021-12-31\n");

        var sources = (await ingest.Http.GetFromJsonAsync<JsonArray>("/api/sources"))!;
        sources.Select(s => s!["source"]!.GetValue<string>()).ShouldBe(["bank", "land-department", "revenue"]);
        var bankSource = sources[0]!;
        bankSource["lastBatchId"]!.GetValue<Guid>().ShouldBe(bank);
        bankSource["kinds"]!.AsArray().Select(k => k!.GetValue<string>()).ShouldBe(["registrations"]);
        bankSource["stale"]!.GetValue<bool>().ShouldBeFalse();
        // 100 days old against the default 31-day cadence: stale.
        sources[1]!["stale"]!.GetValue<bool>().ShouldBeTrue();
        sources[1]!["cadenceDays"]!.GetValue<int>().ShouldBe(31);
        // revenue's configured cadence (a century, for the test) still covers its old as-of.
        sources[2]!["cadenceDays"]!.GetValue<int>().ShouldBe(36500);
        sources[2]!["lastAsOf"]!.GetValue<string>().ShouldBe("2022-01-31");
        sources[2]!["stale"]!.GetValue<bool>().ShouldBeFalse();
    }
}
