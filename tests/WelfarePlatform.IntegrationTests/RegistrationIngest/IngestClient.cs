using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Shouldly;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>Posts batch files to a registration-ingest host, waits for them, and reads its database.</summary>
public sealed class IngestClient(HttpClient http, IReadOnlyDictionary<string, string> settings)
{
    public HttpClient Http => http;

    public Task<Guid> PostAsync(string kind, string source, string asOf, string csv) =>
        PostAsync(kind, source, asOf, System.Text.Encoding.UTF8.GetBytes(csv), "utf-8");

    public async Task<Guid> PostAsync(string kind, string source, string asOf, byte[] body, string charset)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"text/csv; charset={charset}");
        var response = await http.PostAsync($"/api/batches/{kind}?source={source}&asOf={asOf}", content);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["batchId"]!.GetValue<Guid>();
    }

    public Task<JsonObject> StatusAsync(Guid batchId) => http.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}")!;

    /// <summary>Waits until the batch completes or fails, and answers its status.</summary>
    public Task<JsonObject> FinishedAsync(Guid batchId, int timeoutSeconds = 120) =>
        TestPlatform.EventuallyAsync(async () =>
        {
            var status = await StatusAsync(batchId);
            return status["status"]!.GetValue<string>() is "completed" or "failed" ? status : null;
        }, TimeSpan.FromSeconds(timeoutSeconds), $"batch {batchId} to finish");

    public async Task<JsonObject> CompletedAsync(string kind, string source, string asOf, string csv)
    {
        var status = await FinishedAsync(await PostAsync(kind, source, asOf, csv));
        status["status"]!.GetValue<string>().ShouldBe("completed", status.ToJsonString());
        return status;
    }

    public async Task<long> CountAsync(string sql, params object[] parameters)
    {
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:registrydb"]);
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:registrydb"]);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<string> ScalarTextAsync(string sql, params object[] parameters)
    {
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:registrydb"]);
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The lines of the change set the batch's RegistryBatchCompleted (in the outbox) names.</summary>
    public async Task<(JsonObject Event, List<JsonObject> Lines)> ChangeSetAsync(Guid batchId)
    {
        var body = await ScalarTextAsync("select body::text from outbox_messages where message_id = $1", batchId);
        var completed = JsonNode.Parse(body)!.AsObject();
        var path = completed["changeSetBlob"]!.GetValue<string>();
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var blob = new Azure.Storage.Blobs.BlobContainerClient(settings["ConnectionStrings:blobs"], path[..slash]).GetBlobClient(path[(slash + 1)..]);
        path.ShouldEndWith(".jsonl.gz");
        await using var gzip = new System.IO.Compression.GZipStream((await blob.DownloadStreamingAsync()).Value.Content, System.IO.Compression.CompressionMode.Decompress);
        var text = await new StreamReader(gzip).ReadToEndAsync();
        return (completed, [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())]);
    }
}
