using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.SharingRequest;

/// <summary>
/// The figure for A3 packages: WELFARE_BENCH_PACKAGE_ROWS (10 million) rows streamed by
/// sharing-request into CSV and Parquet in Azurite, with pids re-keyed, beside a baseline that copies
/// the same export bytes raw into a blob. The rows come from an export-shaped generator on a real
/// Kestrel socket standing in for eligibility (the eligibility export's columns and CSV form): filling
/// eligibility with 10 million determinations first would take longer than the package itself on this
/// shared machine. Peak working set is sampled during each run. Runs only with WELFARE_BENCH=1.
/// </summary>
public sealed class PackageBenchmarks(InfrastructureFixture infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("WELFARE_BENCH") == "1";
    private static readonly string[] Outcomes = ["eligible", "ineligible", "unknown"];
    private static readonly string[] Failed = ["", "INCOME", "ASSETS;LAND", ""];
    private WebApplication? generator;
    private ServiceHost<SharingRequestApp>? host;
    private string generatorUrl = "";
    private long rows;

    public async ValueTask InitializeAsync()
    {
        if (!Enabled)
        {
            return;
        }

        rows = long.Parse(Environment.GetEnvironmentVariable("WELFARE_BENCH_PACKAGE_ROWS") ?? "10000000", CultureInfo.InvariantCulture);
        var port = FreePort();
        generatorUrl = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(generatorUrl);
        generator = builder.Build();
        generator.MapGet("/api/exports/determinations", (string? fields, HttpContext context) => GenerateAsync(fields ?? "pid,province_code,outcome,failed_criteria", context));
        await generator.StartAsync();

        var settings = await TestPlatform.SettingsAsync(infrastructure, "sharing_bench", "sharingdb");
        settings["services:eligibility:http:0"] = generatorUrl;
        host = new(settings);
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        if (generator is not null)
        {
            await generator.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_A3_package_of_ten_million_rows_streams_to_csv_and_parquet_in_flat_memory()
    {
        Assert.SkipUnless(Enabled, "Benchmark: set WELFARE_BENCH=1 to run.");
        var sharing = new SharingClient(host!);
        var request = await sharing.SubmitAsync(new
        {
            activityClass = "A3",
            datasets = new[] { new { datasetId = "eligibility.determinations", fields = new[] { "pid", "province_code", "outcome", "failed_criteria" } } },
            purpose = "Benchmark: a national-size pseudonymous package",
            legalBasis = "s24(1)",
            periodFrom = "2022-09-01",
            periodTo = "2022-12-31",
            retentionDays = 365,
        });
        var id = request.Id();
        await sharing.DecideAsync(id, Roles.Steward, "approve");
        await sharing.DecideAsync(id, Roles.Dpo, "approve");

        // Baseline: the same export bytes copied raw into a blob, no parsing, no re-keying, no Parquet.
        var blobs = new BlobServiceClient(infrastructure.Azurite.ConnectionString);
        var container = blobs.GetBlobContainerClient("sharing-bench-baseline");
        await container.CreateIfNotExistsAsync();
        using var raw = new HttpClient { Timeout = TimeSpan.FromHours(1) };
        var (baselineTime, baselinePeak, baselineBytes) = await MeasureAsync(async () =>
        {
            using var response = await raw.GetAsync($"{generatorUrl}/api/exports/determinations", HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            await using var blob = await container.GetBlobClient("export.csv").OpenWriteAsync(true, new() { BufferSize = 4 << 20 });
            var counted = new WelfarePlatform.SharingRequest.Packages.ForwardOnlyStream(blob);
            await body.CopyToAsync(counted, 1 << 20);
            return counted.Position;
        });

        using var agency = host!.CreateClient(Roles.Agency);
        agency.Timeout = TimeSpan.FromHours(1);
        var (packageTime, packagePeak, _) = await MeasureAsync(async () =>
        {
            var built = await agency.PostAsync($"/api/requests/{id}/package", null);
            built.StatusCode.ShouldBe(HttpStatusCode.Created, await built.Content.ReadAsStringAsync());
            return 0L;
        });

        var trail = (await sharing.GetAsync(Roles.Dpo, $"/api/audit?request={id}")).AsArray();
        trail.Last()!["detail"]!.GetValue<string>().ShouldContain($"\"rows\":{rows}");
        var packageFiles = new List<(string Name, long? Size)>();
        await foreach (var blob in blobs.GetBlobContainerClient("sharing-packages").GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{id}/", CancellationToken.None))
        {
            packageFiles.Add((blob.Name, blob.Properties.ContentLength));
        }

        output.WriteLine($"A3 package, {rows:N0} rows (export-shaped generator on a real socket -> sharing-request -> Azurite):");
        output.WriteLine($"  sharing-request package (CSV + Parquet, pids re-keyed): {packageTime.TotalSeconds,8:0.0} s  {rows / packageTime.TotalSeconds,12:N0} rows/s  peak working set {packagePeak / 1048576.0,7:N0} MiB");
        output.WriteLine($"  baseline raw copy of the export bytes to one blob:      {baselineTime.TotalSeconds,8:0.0} s  {rows / baselineTime.TotalSeconds,12:N0} rows/s  peak working set {baselinePeak / 1048576.0,7:N0} MiB  ({baselineBytes / 1048576.0:N0} MiB)");
        foreach (var (name, size) in packageFiles)
        {
            output.WriteLine($"  {name}: {size / 1048576.0:N1} MiB");
        }
    }

    /// <summary>Runs <paramref name="work"/>, sampling this process's working set every 50 ms.</summary>
    private static async Task<(TimeSpan Elapsed, long PeakWorkingSet, long Result)> MeasureAsync(Func<Task<long>> work)
    {
        GC.Collect();
        using var stop = new CancellationTokenSource();
        var peak = 0L;
        var sampler = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(50);
            }
        });
        var clock = Stopwatch.StartNew();
        var result = await work();
        clock.Stop();
        await stop.CancelAsync();
        await sampler;
        return (clock.Elapsed, peak, result);
    }

    /// <summary>The eligibility export's form: a header, then one unquoted row per person with a 64-hex pid.</summary>
    private async Task GenerateAsync(string fields, HttpContext context)
    {
        var columns = fields.Split(',');
        context.Response.ContentType = "text/csv; charset=utf-8";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync(fields + "\n");
        var cells = new string[columns.Length];
        for (long i = 0; i < rows; i++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                cells[c] = columns[c] switch
                {
                    "pid" => i.ToString("x64", CultureInfo.InvariantCulture),
                    "province_code" => (10 + (i % 87)).ToString(CultureInfo.InvariantCulture),
                    "outcome" => Outcomes[i % 3],
                    "failed_criteria" => Failed[i % 4],
                    "ruleset" => "round-2022",
                    _ => "",
                };
            }

            await writer.WriteAsync(string.Join(',', cells));
            await writer.WriteAsync('\n');
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
