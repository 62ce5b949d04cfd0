using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>
/// Blob storage down while an agency posts a file: the agency is told to send it again later (503
/// problem details with Retry-After, no internal address, no stack trace), nothing half-received is
/// recorded, and the service goes on answering.
/// </summary>
public sealed class BlobOutageTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_file_posted_while_blob_storage_is_down_is_refused_with_503_and_a_time_to_retry()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, $"ingest_blob_down_{Guid.NewGuid():N}"[..24], "registrydb");
        settings["ConnectionStrings:blobs"] = AzuriteServer.ConnectionStringAt(FreePort.Next());
        await using var host = new ServiceHost<RegistrationIngestApp>(settings);
        var ingest = new IngestClient(host.CreateClient(Roles.Ingest), settings);

        var content = new StringContent(new RegistrationCsv().Person(1, "10").ToString());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=utf-8");
        using var response = await ingest.Http.PostAsync("/api/batches/registrations?source=bank&asOf=2022-09-30", content);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(30));
        var problem = JsonNode.Parse(body)!;
        problem["status"]!.GetValue<int>().ShouldBe(503);
        problem["detail"]!.GetValue<string>().ShouldStartWith("Blob storage of this service could not be reached");
        problem["traceId"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        body.ShouldNotContain("127.0.0.1", customMessage: "no internal address reaches the caller");
        body.ShouldNotContain("Exception", customMessage: "no exception or stack trace reaches the caller");

        (await ingest.CountAsync("select count(*) from batches")).ShouldBe(0, "a file that was not kept is not a batch");
        using var status = await ingest.Http.GetAsync($"/api/batches/{Guid.NewGuid()}");
        status.StatusCode.ShouldBe(HttpStatusCode.NotFound, "the service goes on answering");
        (await status.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<int>().ShouldBe(404);
    }
}
