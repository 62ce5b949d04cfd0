using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests;

/// <summary>
/// One registration file crosses three services through real PostgreSQL, RabbitMQ and Azurite:
/// registration-ingest loads it and writes an event to its outbox; eligibility applies the change
/// set and writes its own event; dashboard-api's read model shows the counts.
/// </summary>
public sealed class WalkingSkeletonTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private Dictionary<string, string> settings = [];
    private ServiceHost<RegistrationIngestApp> ingest = null!;
    private ServiceHost<EligibilityApp> eligibility = null!;
    private ServiceHost<DashboardApiApp> dashboard = null!;

    public async ValueTask InitializeAsync()
    {
        settings = await TestPlatform.SettingsAsync(infrastructure, "skeleton", "registrydb", "eligibilitydb", "dashboarddb");
        ingest = new(settings);
        eligibility = new(settings);
        dashboard = new(settings);
        // Start the consumers before anything is published.
        _ = eligibility.Server;
        _ = dashboard.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await ingest.DisposeAsync();
        await eligibility.DisposeAsync();
        await dashboard.DisposeAsync();
    }

    [Fact]
    public async Task A_registration_file_reaches_the_dashboard_through_eligibility()
    {
        var csv = new RegistrationCsv();
        for (var i = 1; i <= 12; i++)
        {
            csv.Person(i, "10", cardHolder: i <= 5);
        }

        for (var i = 13; i <= 15; i++)
        {
            csv.Person(i, "50");
        }

        var badChecksum = RegistrationCsv.NationalId(16)[..12] + ((RegistrationCsv.NationalId(16)[12] - '0' + 1) % 10);
        csv.Row($"{badChecksum},นาง,สาย,1970-01-01,TH,10,H16,head,1000,2022-09-10,0");
        csv.Row($"{RegistrationCsv.NationalId(1)},ซ้ำ,ซ้ำ,1970-01-01,TH,10,H1,head,1000,2022-09-10,0");

        using var ingestClient = ingest.CreateClient(Roles.Ingest);
        var accepted = await PostAsync(ingestClient, csv.ToString());
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var body = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!;
        var batchId = body["batchId"]!.GetValue<Guid>();
        accepted.Headers.Location!.ToString().ShouldBe($"/api/batches/{batchId}");

        var batch = await TestPlatform.EventuallyAsync(async () =>
        {
            var status = await ingestClient.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}");
            return status!["status"]!.GetValue<string>() is "completed" or "failed" ? status : null;
        }, TimeSpan.FromSeconds(60), "the batch to finish loading");
        batch["status"]!.GetValue<string>().ShouldBe("completed", batch.ToJsonString());
        batch["rowsRead"]!.GetValue<int>().ShouldBe(17);
        batch["rowsAccepted"]!.GetValue<int>().ShouldBe(15);
        batch["rowsRejected"]!.GetValue<int>().ShouldBe(2);
        batch["rejectsByReason"]!["BAD_ID_CHECKSUM"]!.GetValue<int>().ShouldBe(1);
        batch["rejectsByReason"]!["DUPLICATE_IN_FILE"]!.GetValue<int>().ShouldBe(1);

        var rejects = await ingestClient.GetStringAsync($"/api/batches/{batchId}/rejects");
        rejects.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "row_number,reason_code,detail,raw",
            $"16,BAD_ID_CHECKSUM,national_id's 13th digit is not its check digit,\"{badChecksum},นาง,สาย,1970-01-01,TH,10,H16,head,1000,2022-09-10,0\"",
            $"17,DUPLICATE_IN_FILE,national_id appeared earlier in this file,\"{RegistrationCsv.NationalId(1)},ซ้ำ,ซ้ำ,1970-01-01,TH,10,H1,head,1000,2022-09-10,0\"",
        ]);

        using var analyst = dashboard.CreateClient(Roles.Analyst);
        var summary = await TestPlatform.EventuallyAsync(async () =>
        {
            var answer = await analyst.GetFromJsonAsync<JsonObject>("/api/targeted/summary?ruleset=round-2022");
            return answer!["national"]!["registrants"]?.GetValue<int>() == 15 ? answer : null;
        }, TimeSpan.FromSeconds(60), "dashboard-api to count 15 registrants");

        // 5 card holders nationally is under k = 10: withheld, and said so.
        var national = summary["national"]!;
        national["holders"].ShouldBeNull();
        national["unknown"]!.GetValue<int>().ShouldBe(15);
        Names(national["suppressed"]).ShouldBe(["holders"]);
        var provinces = summary["provinces"]!.AsArray();
        var chiangMai = provinces.Single(p => p!["code"]!.GetValue<string>() == "50")!;
        chiangMai["registrants"].ShouldBeNull();
        Names(chiangMai["suppressed"]).ShouldBe(["registrants", "unknown"]);
        // 15 − 12 would give Chiang Mai's 3 back, so Bangkok's 12 is withheld too (complementary suppression).
        var bangkok = provinces.Single(p => p!["code"]!.GetValue<string>() == "10")!;
        bangkok["registrants"].ShouldBeNull();
        Names(bangkok["suppressed"]).ShouldBe(["registrants", "holders", "unknown"]);

        // The path went through each service's outbox and inbox, once.
        (await CountAsync("registrydb", "select count(*) from outbox_messages where sent_at is not null")).ShouldBe(1);
        (await CountAsync("eligibilitydb", "select count(*) from inbox_messages")).ShouldBe(1);
        (await CountAsync("eligibilitydb", "select count(*) from outbox_messages where sent_at is not null and message_type like 'WelfarePlatform.Contracts.RegistrantsByProvinceChanged,%'")).ShouldBe(1);
        (await CountAsync("dashboarddb", "select count(*) from inbox_messages where consumer = 'RegistrantsByProvinceChangedConsumer'")).ShouldBe(1);

        // eligibility's determinations (every registrant here lacks agency evidence: unknown) reach the dashboard too.
        await TestPlatform.EventuallyAsync(
            async () => await CountAsync("dashboarddb", "select count(*) from province_determinations where ruleset = 'round-2022'") == 2 ? "" : null,
            TimeSpan.FromSeconds(60), "round-2022 determinations for both provinces in dashboard-api");
        var determined = (await analyst.GetFromJsonAsync<JsonObject>("/api/targeted/summary?ruleset=round-2022"))!;
        determined["national"]!["registrants"]!.GetValue<int>().ShouldBe(15);
        determined["national"]!["unknown"]!.GetValue<int>().ShouldBe(15);
        determined["national"]!["eligible"]!.GetValue<int>().ShouldBe(0);

        // The same file again is the same batch: nothing new is loaded or published.
        var again = await PostAsync(ingestClient, csv.ToString());
        again.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await again.Content.ReadFromJsonAsync<JsonObject>())!["batchId"]!.GetValue<Guid>().ShouldBe(batchId);
        (await CountAsync("registrydb", "select count(*) from batches")).ShouldBe(1);
        (await CountAsync("registrydb", "select count(*) from outbox_messages")).ShouldBe(1);
    }

    private static string[] Names(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];

    private async Task<long> CountAsync(string database, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(settings[$"ConnectionStrings:{database}"]);
        return (long)(await dataSource.CreateCommand(sql).ExecuteScalarAsync())!;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string csv) =>
        client.PostAsync("/api/batches/registrations?source=bank&asOf=2022-09-30", new StringContent(csv, Encoding.UTF8, "text/csv"));
}
