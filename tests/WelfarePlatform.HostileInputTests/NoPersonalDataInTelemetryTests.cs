using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.HostileInputTests;

/// <summary>
/// Registrations (some rejected), evidence, eligibility's determinations, the audited applicant
/// and determination reads, and an A1 sharing package run through real services whose logs are
/// captured at Trace with every span; no national ID and no name from the input may appear.
/// </summary>
public sealed class NoPersonalDataInTelemetryTests(InfrastructureFixture infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    private const int People = 24;
    // Names no framework or service text contains, so any occurrence came from the input.
    private static readonly string[] FirstNames = ["กนกวรรณ", "ประเสริฐศักดิ์", "Wilawan", "สุดารัตน์"];
    private static readonly string[] LastNames = ["ศรีสุขสวัสดิ์", "Thongprasert", "บุญมีมากมาย", "แก้วประเสริฐ"];
    private readonly CapturedTelemetry telemetry = new();
    private readonly List<IAsyncDisposable> hosts = [];
    private ServiceHost<RegistrationIngestApp> ingest = null!;
    private ServiceHost<EligibilityApp> eligibility = null!;
    private ServiceHost<SharingRequestApp> sharing = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, "no_pii", "registrydb", "eligibilitydb", "dashboarddb", "sharingdb");
        settings["Eligibility:EvaluationDate"] = "2022-11-30";
        var dashboard = new ServiceHost<DashboardApiApp>(settings, telemetry);
        var port = FreePort.Next();
        dashboard.UseKestrel(port);
        dashboard.StartServer();
        settings["services:dashboard-api:http:0"] = $"http://127.0.0.1:{port}";
        eligibility = new(settings, telemetry);
        ingest = new(settings, telemetry);
        sharing = new(settings, telemetry);
        _ = eligibility.Server;
        hosts.AddRange([dashboard, eligibility, ingest, sharing]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        telemetry.Dispose();
    }

    [Fact]
    public async Task Logs_and_traces_of_realistic_flows_hold_no_national_id_and_no_name()
    {
        var ids = Enumerable.Range(1, People + 2).Select(i => NationalId(7_000 + i)).ToList();
        var csv = new StringBuilder("national_id,first_name,last_name,birth_date,nationality,province_code,household_id,relationship,declared_income,registered_at,card_holder\n");
        for (var i = 0; i < People; i++)
        {
            csv.Append($"{ids[i]},{FirstNames[i % 4]},{LastNames[i / 4 % 4]},1970-01-01,TH,{(i % 2 == 0 ? "10" : "50")},HH{i / 2},{(i % 2 == 0 ? "head" : "spouse")},{i * 10_000},2022-09-10,{i % 2}\n");
        }

        // Rejected rows: their raw text is kept for the steward, and must not leak into logs either.
        var badChecksum = ids[People][..12] + (char)('0' + ((ids[People][12] - '0' + 1) % 10));
        csv.Append($"{badChecksum},{FirstNames[0]},{LastNames[1]},1970-01-01,TH,10,HX,head,1000,2022-09-10,0\n");
        csv.Append($"{ids[People + 1]},{FirstNames[2]},{LastNames[3]},1970-02-30,TH,10,HY,head,1000,2022-09-10,0\n");
        var evidence = new StringBuilder("national_id,evidence_type,value,as_of\n");
        foreach (var id in ids.Take(People))
        {
            evidence.Append($"{id},annual_income,50000,2022-08-31\n");
        }

        using var ingestClient = Client(ingest, Roles.Ingest);
        (await CompletedAsync(ingestClient, "registrations", "bank", csv.ToString()))["rowsRejected"]!.GetValue<int>().ShouldBe(2);
        await CompletedAsync(ingestClient, "evidence", "revenue", evidence.ToString());

        // eligibility applies both change sets; a steward reads (audited) an applicant and a determination.
        using var steward = Client(eligibility, Roles.Steward);
        // Each answers 409 while its facts await re-evaluation (the evidence change set's evaluations run after its facts commit).
        foreach (var id in ids.Take(2))
        {
            await TestPlatform.EventuallyAsync(async () => (await steward.GetAsync($"/api/determinations/{id}?ruleset=round-2022")).StatusCode == HttpStatusCode.OK ? "" : null,
                TimeSpan.FromSeconds(90), "a current determination for a registrant");
        }

        (await steward.GetAsync($"/api/determinations/{NationalId(999_999)}?ruleset=round-2022")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var registryReader = Client(ingest, Roles.Steward);
        (await registryReader.GetAsync($"/api/applicants/{ids[2]}")).EnsureSuccessStatusCode();

        // An A1 request and its package (sharing-request calls dashboard-api).
        using var agency = Client(sharing, Roles.Agency);
        var submitted = await agency.PostAsJsonAsync("/api/requests", new
        {
            activityClass = "A1",
            datasets = new[] { new { datasetId = "dashboard.targeted", fields = new[] { "province_code", "registrants", "holders" } } },
            purpose = "Plan the 2023 outreach of the welfare card in each province",
            legalBasis = (string?)null,
            periodFrom = "2022-09-01",
            periodTo = "2022-12-31",
            retentionDays = 30,
        });
        submitted.StatusCode.ShouldBe(HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());
        var requestId = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["requestId"]!.GetValue<Guid>();
        (await agency.PostAsync($"/api/requests/{requestId}/package", null)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var lines = telemetry.Lines.ToList();
        output.WriteLine($"captured {telemetry.LogRecords} log records and {telemetry.Spans} spans");
        telemetry.LogRecords.ShouldBeGreaterThan(100, "the capture works");
        telemetry.Spans.ShouldBeGreaterThan(10, "the capture works");

        var secrets = ids.Append(badChecksum).Concat(FirstNames).Concat(LastNames).ToList();
        var hits = lines.Where(line => secrets.Any(s => line.Contains(s, StringComparison.Ordinal))).ToList();
        foreach (var group in hits.GroupBy(h => string.Join(' ', h.Split(' ').Take(3))))
        {
            output.WriteLine($"{group.Count()} hits in {group.Key}; first: {Shorten(group.First())}");
        }

        // This test found national IDs from request paths (FORMATS.md's /api/determinations/{nationalId} and
        // /api/applicants/{nationalId}) in ASP.NET Core's request logs, their scopes and url.path tags;
        // ServiceDefaults now leaves those logs out and redacts the tags.
        hits.Select(Shorten).ShouldBeEmpty("personal data in logs or traces");
    }

    private static async Task<JsonObject> CompletedAsync(HttpClient client, string kind, string source, string csv)
    {
        var response = await client.PostAsync($"/api/batches/{kind}?source={source}&asOf=2022-11-30", new StringContent(csv, Encoding.UTF8, "text/csv"));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var batchId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["batchId"]!.GetValue<Guid>();
        var status = await TestPlatform.EventuallyAsync(async () =>
        {
            var s = await client.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}");
            return s!["status"]!.GetValue<string>() is "completed" or "failed" ? s : null;
        }, TimeSpan.FromSeconds(90), $"{kind} batch");
        status["status"]!.GetValue<string>().ShouldBe("completed", status.ToJsonString());
        return status;
    }

    private static HttpClient Client<T>(ServiceHost<T> host, string role) where T : class
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestPlatform.TokenFor(role));
        return client;
    }

    private static string NationalId(long serial)
    {
        var first12 = 3_1000_00000_00L + serial;
        return $"{first12}{WelfarePlatform.Reference.NationalId.ComputeCheckDigit(first12)}";
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";
}
