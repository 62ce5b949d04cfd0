using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>
/// A batch file larger than Kestrel's default 30 MB body limit is accepted. The service runs on a
/// real Kestrel socket here: the in-memory test server does not enforce that limit.
/// </summary>
public sealed class LargeUploadTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private const int Rows = 30;
    private const int RemarksLength = 1_500_000;
    private ServiceHost<RegistrationIngestApp> ingest = null!;

    public async ValueTask InitializeAsync()
    {
        ingest = new(await TestPlatform.SettingsAsync(infrastructure, "ingest_large_upload", "registrydb"));
        ingest.UseKestrel(FreePort.Next());
        ingest.StartServer();
    }

    public async ValueTask DisposeAsync() => await ingest.DisposeAsync();

    [Fact]
    public async Task A_file_over_30_MB_is_accepted_and_loaded()
    {
        var remarks = new string('x', RemarksLength);
        var csv = new StringBuilder(RegistrationCsv.Header + ",remarks\n");
        for (var i = 1; i <= Rows; i++)
        {
            csv.Append($"{RegistrationCsv.NationalId(i)},สมชาย,ใจดี,1970-01-01,TH,10,H{i},head,60000,2022-09-10,0,{remarks}\n");
        }

        var body = Encoding.UTF8.GetBytes(csv.ToString());
        body.Length.ShouldBeGreaterThan(30 * 1024 * 1024);

        using var client = ingest.CreateClient(Roles.Ingest);
        client.Timeout = TimeSpan.FromMinutes(3);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("text/csv");
        var accepted = await client.PostAsync("/api/batches/registrations?source=bank&asOf=2022-09-30", content);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        var batchId = (await accepted.Content.ReadFromJsonAsync<JsonObject>())!["batchId"]!.GetValue<Guid>();

        var batch = await TestPlatform.EventuallyAsync(async () =>
        {
            var status = await client.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}");
            return status!["status"]!.GetValue<string>() is "completed" or "failed" ? status : null;
        }, TimeSpan.FromSeconds(120), "the large batch to finish loading");
        batch["status"]!.GetValue<string>().ShouldBe("completed", batch.ToJsonString());
        batch["rowsAccepted"]!.GetValue<int>().ShouldBe(Rows);
        batch["warnings"]!.ToJsonString().ShouldContain("remarks");
    }
}
