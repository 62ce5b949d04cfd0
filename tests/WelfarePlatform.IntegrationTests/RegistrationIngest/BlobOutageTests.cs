using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>
/// Blob storage down while an agency posts a file: the agency is told to send it again later (503
/// problem details with Retry-After, no internal address, no stack trace), nothing half-received is
/// recorded, and the service goes on answering. Down while a received batch waits to load: its status
/// says why and when it is tried again, and it loads once storage is back. A batch whose file was lost
/// from storage asks for the file again, and loads once the same file is sent.
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

    [Fact]
    public async Task A_batch_whose_file_cannot_be_read_says_why_while_it_waits_and_loads_once_storage_is_back()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, $"ingest_blob_wait_{Guid.NewGuid():N}"[..24], "registrydb");
        // The lease is the default 600 s: a batch whose attempt failed is tried again after 15 s, not after a whole lease.
        settings["Batches:ProgressSeconds"] = "0.5";
        // Received and kept before storage went down: the file is in Blob storage, the batch queued.
        var file = Encoding.UTF8.GetBytes(new RegistrationCsv().Person(1, "10").Person(2, "50").ToString());
        var container = new BlobServiceClient(infrastructure.Azurite.ConnectionString).GetBlobContainerClient("raw");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(RawBlobName(file)).UploadAsync(new BinaryData(file), overwrite: true);
        Guid batchId;

        var deadPort = FreePort.Next();
        var down = new Dictionary<string, string>(settings) { ["ConnectionStrings:blobs"] = AzuriteServer.ConnectionStringAt(deadPort) };
        await using (var whileDown = new ServiceHost<RegistrationIngestApp>(down))
        {
            var ingest = new IngestClient(whileDown.CreateClient(Roles.Ingest), down);
            batchId = await QueueAsync(ingest, file);

            // The storage client gives up after its own tries (about 40 s).
            var waiting = await FailedAttemptAsync(ingest, batchId, TimeSpan.FromSeconds(120));
            waiting["error"]!.GetValue<string>().ShouldStartWith(
                "Attempt 1 failed: Blob storage could not be reached or was too busy to answer. It is tried again at ");
            waiting["error"]!.GetValue<string>().ShouldNotContain(deadPort.ToString(CultureInfo.InvariantCulture), customMessage: "no internal address reaches the agency");
            var retryAt = DateTime.ParseExact(waiting["error"]!.GetValue<string>()[^24..^5], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            (retryAt - DateTime.UtcNow).ShouldBeLessThan(TimeSpan.FromSeconds(20), "the first retry comes 15 s after the failed attempt");
        }

        await using var storageBack = new ServiceHost<RegistrationIngestApp>(settings);
        var again = new IngestClient(storageBack.CreateClient(Roles.Ingest), settings);
        var done = await again.FinishedAsync(batchId, timeoutSeconds: 90);
        done["status"]!.GetValue<string>().ShouldBe("completed", done.ToJsonString());
        done["error"].ShouldBeNull("the reason a past attempt failed goes once the batch loads");
        done["rowsAccepted"]!.GetValue<int>().ShouldBe(2);
        (await again.CountAsync("select count(*) from applicants")).ShouldBe(2);
        (await again.CountAsync($"select attempts from batches where batch_id = '{batchId}'")).ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_batch_whose_file_is_no_longer_in_storage_asks_for_it_and_loads_once_the_same_file_is_sent()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, $"ingest_blob_lost_{Guid.NewGuid():N}"[..24], "registrydb");
        settings["Batches:ProgressSeconds"] = "0.5";
        await using var host = new ServiceHost<RegistrationIngestApp>(settings);
        var ingest = new IngestClient(host.CreateClient(Roles.Ingest), settings);
        // A queued batch whose raw file is not in Blob storage (deleted, or lost with the storage). Its
        // people are this test's own: storage is shared, and a file of the same bytes is kept under the same name.
        var serial = Random.Shared.Next(1_000_000, 9_000_000);
        var file = Encoding.UTF8.GetBytes(new RegistrationCsv().Person(serial, "10").Person(serial + 1, "50").ToString());
        // Six attempts failed already: the seventh's failure waits out the whole 10-minute lease.
        var batchId = await QueueAsync(ingest, file, attemptsFailed: 6);

        var waiting = await FailedAttemptAsync(ingest, batchId, TimeSpan.FromSeconds(60));
        waiting["error"]!.GetValue<string>().ShouldStartWith(
            "Attempt 7 failed: the file received for this batch is no longer in Blob storage; send the same file again and it loads on the next attempt. It is tried again at ");

        // Sent again: the file is kept again, and the next attempt starts at once rather than in 10 minutes.
        (await ingest.PostAsync("registrations", "bank", "2022-09-30", file, "utf-8")).ShouldBe(batchId, "the same bytes are the same batch");
        var done = await ingest.FinishedAsync(batchId, timeoutSeconds: 60);
        done["status"]!.GetValue<string>().ShouldBe("completed", done.ToJsonString());
        done["error"].ShouldBeNull();
        done["rowsAccepted"]!.GetValue<int>().ShouldBe(2);
    }

    private static string RawBlobName(byte[] file) => $"bank/registrations/{Convert.ToHexStringLower(SHA256.HashData(file))}.csv";

    /// <summary>A batch of <paramref name="file"/> from the bank, queued as if received earlier, after <paramref name="attemptsFailed"/> failed attempts.</summary>
    private static async Task<Guid> QueueAsync(IngestClient ingest, byte[] file, int attemptsFailed = 0)
    {
        var batchId = Guid.CreateVersion7();
        await ingest.ExecuteAsync(
            $"insert into batches (batch_id, kind, source, as_of, charset, content_sha256, raw_blob, status, attempts) " +
            $"values ('{batchId}', 'registrations', 'bank', '2022-09-30', 'utf-8', '{Convert.ToHexStringLower(SHA256.HashData(file))}', '{RawBlobName(file)}', 'queued', {attemptsFailed})");
        return batchId;
    }

    /// <summary>Waits until the batch's status gives a failed attempt's reason; the batch is still to be tried again, with nothing loaded.</summary>
    private static async Task<JsonObject> FailedAttemptAsync(IngestClient ingest, Guid batchId, TimeSpan timeout)
    {
        var waiting = await TestPlatform.EventuallyAsync(
            async () => await ingest.StatusAsync(batchId) is { } status && status["error"] is not null ? status : null,
            timeout, "the failed attempt's reason in the batch's status");
        waiting["status"]!.GetValue<string>().ShouldBe("processing", "the batch is tried again, not given up");
        waiting["rowsAccepted"]!.GetValue<int>().ShouldBe(0);
        return waiting;
    }
}
