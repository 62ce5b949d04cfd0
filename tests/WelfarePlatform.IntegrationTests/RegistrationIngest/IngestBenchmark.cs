using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>
/// The issue's figure: a generated registrations file posted over HTTP until the batch is completed
/// and its event published, against <c>psql \copy</c> of the same file into an unindexed table on the
/// same server. Runs only when <c>WELFARE_BENCH_PEOPLE</c> is set (e.g. 1000000); prints both times,
/// the ratio, the batch's phase timings from the service's log, and memory sampled while the batch
/// loads: the peak working set of this process (which hosts the service; the generator and psql run
/// as their own processes) and the peak managed heap (the service's allocations, the test's are negligible).
/// </summary>
public sealed class IngestBenchmark(InfrastructureFixture infrastructure)
{

    [Fact]
    public async Task Registrations_over_http_against_psql_copy()
    {
        var people = Environment.GetEnvironmentVariable("WELFARE_BENCH_PEOPLE");
        Assert.SkipWhen(people is null, "Set WELFARE_BENCH_PEOPLE (e.g. 1000000) to run the ingest benchmark.");
        var directory = Path.Combine(Path.GetTempPath(), $"welfare-bench-{Guid.NewGuid():N}");
        try
        {
            await DataGenRunner.RunAsync("Release", ["registrations", "--people", people!, "--out", directory]);
            var file = Path.Combine(directory, "registrations.csv");
            var settings = await TestPlatform.SettingsAsync(infrastructure, $"ingest_bench_{Guid.NewGuid():N}"[..20], "registrydb");

            var copy = await PsqlCopyAsync(settings["ConnectionStrings:registrydb"], file);
            var (http, rows, phases, memory) = await OverHttpAsync(settings, file);
            var report = $"ingest benchmark: {rows:N0} rows, {new FileInfo(file).Length / (1024.0 * 1024.0):F0} MiB | psql \\copy {copy.TotalSeconds:F1} s | " +
                $"HTTP until completed and published {http.TotalSeconds:F1} s | ratio {http / copy:F2} | {memory} | {phases}";
            Console.WriteLine(report);
            TestContext.Current.SendDiagnosticMessage(report);
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "welfare-ingest-benchmark.txt"), report + "\n");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<TimeSpan> PsqlCopyAsync(string connectionString, string file)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var header = (await File.ReadLinesAsync(file).FirstAsync()).TrimStart('\uFEFF').Split(',');
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await dataSource.CreateCommand($"create table bench_copy ({string.Join(", ", header.Select(c => $"\"{c}\" text"))})").ExecuteNonQueryAsync();
        }

        var start = new ProcessStartInfo("psql") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])[$"host={builder.Host} port={builder.Port} user={builder.Username} dbname={builder.Database}", "-v", "ON_ERROR_STOP=1",
                     "-c", $"\\copy bench_copy from '{file}' with (format csv, header true)"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGPASSWORD"] = builder.Password;
        var clock = Stopwatch.StartNew();
        using var psql = Process.Start(start)!;
        var stderr = psql.StandardError.ReadToEndAsync();
        await psql.WaitForExitAsync();
        clock.Stop();
        psql.ExitCode.ShouldBe(0, await stderr);
        return clock.Elapsed;
    }

    private static async Task<(TimeSpan Elapsed, int Rows, string Phases, string Memory)> OverHttpAsync(Dictionary<string, string> settings, string file)
    {
        var log = new PhaseLog();
        await using var service = new ServiceHost<RegistrationIngestApp>(settings);
        await using var host = service.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(log)));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestPlatform.TokenFor(Roles.Ingest));
        client.Timeout = TimeSpan.FromMinutes(30);
        var ingest = new IngestClient(client, settings);
        _ = await client.GetAsync("/alive");

        using var sampling = new CancellationTokenSource();
        var memory = SampleMemoryAsync(sampling.Token);
        var clock = Stopwatch.StartNew();
        await using var body = File.OpenRead(file);
        var content = new StreamContent(body, 1 << 16);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=utf-8");
        var response = await client.PostAsync("/api/batches/registrations?source=ktb&asOf=2022-11-30", content);
        response.EnsureSuccessStatusCode();
        var batchId = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(response.Content))!["batchId"]!.GetValue<Guid>();
        var accepted = clock.Elapsed;
        // Rows read stop growing when staging ends; the merge follows.
        var (lastRowsRead, staged) = (-1, TimeSpan.Zero);
        var status = await TestPlatform.EventuallyAsync(async () =>
        {
            var current = await ingest.StatusAsync(batchId);
            var rowsRead = current["rowsRead"]!.GetValue<int>();
            if (rowsRead != lastRowsRead)
            {
                (lastRowsRead, staged) = (rowsRead, clock.Elapsed);
            }

            return current["status"]!.GetValue<string>() is "completed" or "failed" ? current : null;
        }, TimeSpan.FromHours(1), "the batch to finish");
        var completed = clock.Elapsed;
        var phases = $"202 Accepted after {accepted.TotalSeconds:F1} s, rows read until {staged.TotalSeconds:F1} s, completed at {completed.TotalSeconds:F1} s";
        status["status"]!.GetValue<string>().ShouldBe("completed", status.ToJsonString());
        await TestPlatform.EventuallyAsync(
            async () => await ingest.CountAsync("select count(*) from outbox_messages where message_id = $1 and sent_at is not null", batchId) == 1 ? "published" : null,
            TimeSpan.FromMinutes(5), "the event to be published");
        clock.Stop();
        await sampling.CancelAsync();
        return (clock.Elapsed, status["rowsAccepted"]!.GetValue<int>(), $"{phases}, published at {clock.Elapsed.TotalSeconds:F1} s | service phases: {log.Phases}", await memory);
    }

    /// <summary>Peak working set and managed heap of this process (the service's host) every 100 ms until cancelled.</summary>
    private static async Task<string> SampleMemoryAsync(CancellationToken cancellationToken)
    {
        using var process = Process.GetCurrentProcess();
        var baseline = process.WorkingSet64;
        long peakWorkingSet = 0, peakHeap = 0;
        try
        {
            while (true)
            {
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
                await Task.Delay(100, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        const double Mb = 1024.0 * 1024.0;
        return $"memory while loading: peak working set {peakWorkingSet / Mb:F0} MB (before the upload {baseline / Mb:F0} MB), peak managed heap {peakHeap / Mb:F0} MB";
    }

    /// <summary>Keeps the loader's "phases:" log line.</summary>
    private sealed class PhaseLog : ILoggerProvider, ILogger
    {
        public string Phases { get; private set; } = "(not logged)";

        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            if (message.Contains(" phases: ", StringComparison.Ordinal))
            {
                Phases = message[(message.IndexOf(" phases: ", StringComparison.Ordinal) + 9)..];
            }
        }

        public void Dispose()
        {
        }
    }
}
