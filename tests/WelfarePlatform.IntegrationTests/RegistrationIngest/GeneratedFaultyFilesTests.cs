using System.Text.Json.Nodes;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>
/// The generator's faulty files (tools/WelfarePlatform.DataGen, <c>--faults</c>) loaded through the
/// API: every batch's accepted count and rejects per reason code are exactly the manifest's, and the
/// rejected rows are exactly those its faults files list.
/// </summary>
public sealed class GeneratedFaultyFilesTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private static readonly string[] KindsInLoadOrder = ["registrations", "evidence", "payments"];
    private readonly string output = Path.Combine(Path.GetTempPath(), $"welfare-datagen-{Guid.NewGuid():N}");
    private ServiceHost<RegistrationIngestApp> host = null!;
    private IngestClient ingest = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, $"ingest_gf_{Guid.NewGuid():N}"[..20], "registrydb");
        host = new(settings);
        ingest = new IngestClient(host.CreateClient(Roles.Ingest), settings);
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task Every_generated_file_loads_with_the_manifests_exact_counts_per_reason()
    {
        await DataGenRunner.RunAsync("all", "--people", "400", "--faults", "0.05", "--seed", "7", "--out", output);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "manifest.json")))!;
        var asOf = manifest["asOf"]!.GetValue<string>();
        var files = manifest["files"]!.AsArray()
            .Where(f => KindsInLoadOrder.Contains(f!["kind"]!.GetValue<string>()))
            .OrderBy(f => Array.IndexOf(KindsInLoadOrder, f!["kind"]!.GetValue<string>()))
            .ToList();
        files.Count.ShouldBeGreaterThanOrEqualTo(3);
        files.Select(f => f!["kind"]!.GetValue<string>()).Distinct().ShouldBe(KindsInLoadOrder);

        foreach (var file in files)
        {
            var name = file!["file"]!.GetValue<string>();
            var body = await File.ReadAllBytesAsync(Path.Combine(output, name));
            var batchId = await ingest.PostAsync(file["kind"]!.GetValue<string>(), file["source"]!.GetValue<string>(), asOf, body, file["charset"]!.GetValue<string>().Replace("-bom", "", StringComparison.Ordinal));
            var status = await ingest.FinishedAsync(batchId, timeoutSeconds: 300);

            status["status"]!.GetValue<string>().ShouldBe("completed", $"{name}: {status.ToJsonString()}");
            status["rowsRead"]!.GetValue<int>().ShouldBe(file["rows"]!.GetValue<int>(), name);
            status["rowsAccepted"]!.GetValue<int>().ShouldBe(file["validRows"]!.GetValue<int>(), name);
            status["rowsRejected"]!.GetValue<int>().ShouldBe(file["faultRows"]!.GetValue<int>(), name);
            status["rejectsByReason"]!.ToJsonString().ShouldBe((file["faultsByReason"] ?? new JsonObject()).ToJsonString(), name);

            // Row by row: the same row numbers with the same reasons as the generator's faults file.
            var expected = (await File.ReadAllLinesAsync(Path.Combine(output, file["faultsFile"]!.GetValue<string>())))
                .Skip(1).Where(l => l.Length > 0).Select(RowAndReason).ToList();
            var rejects = (await ingest.Http.GetStringAsync($"/api/batches/{batchId}/rejects"))
                .Split('\n').Skip(1).Where(l => l.Length > 0).Select(RowAndReason).ToList();
            rejects.ShouldBe(expected, name);
        }
    }

    private static string RowAndReason(string csvLine) => string.Join(',', csvLine.Split(',', 3).Take(2));
}
