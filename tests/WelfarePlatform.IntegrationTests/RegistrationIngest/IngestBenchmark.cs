using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>
/// The issue's two figures, per file size: a generated registrations file posted over HTTP until the
/// batch is completed and its event published, against <c>psql \copy</c> of the same file into an
/// unindexed table on the same server (target: at most 3 times as long); and the service's peak
/// memory (target: under 400 MB). The service runs as its own process (<see cref="IngestServiceProcess"/>),
/// and its peak is the kernel's VmHWM (largest resident set since it started), so the figure is the
/// service's alone. Runs only when <c>WELFARE_BENCH_PEOPLE</c> is set: one size or several, comma
/// separated (e.g. <c>1000000,10000000</c>); prints one line per size, the batch's phase timings from
/// the service's log, and the load average, and writes them to /tmp/welfare-ingest-benchmark.txt.
/// </summary>
public sealed class IngestBenchmark(InfrastructureFixture infrastructure)
{
    private const double Mb = 1024.0 * 1024.0;
    private const double RatioTarget = 3.0;
    private const double MemoryTargetMb = 400;

    [Fact]
    public async Task Registrations_over_http_against_psql_copy()
    {
        var people = Environment.GetEnvironmentVariable("WELFARE_BENCH_PEOPLE");
        Assert.SkipWhen(people is null, "Set WELFARE_BENCH_PEOPLE (e.g. 1000000 or 1000000,10000000) to run the ingest benchmark.");
        var report = new StringBuilder();
        var rows = new List<string>();
        foreach (var size in people!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var line = await MeasureAsync(size);
            rows.Add(line.Summary);
            report.AppendLine(line.Detail);
            Report(line.Detail);
        }

        report.AppendLine($"ingest benchmark ({Environment.ProcessorCount} cores; targets: ratio ≤ {RatioTarget:F0}×, peak < {MemoryTargetMb:F0} MB)");
        report.AppendLine("people     | psql \\copy | HTTP until completed and published | ratio | service peak memory (VmHWM) | load average before → after");
        foreach (var row in rows)
        {
            report.AppendLine(row);
        }

        Report(report.ToString());
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "welfare-ingest-benchmark.txt"), report.ToString());
    }

    private static void Report(string text)
    {
        Console.WriteLine(text);
        TestContext.Current.SendDiagnosticMessage(text);
    }

    private async Task<(string Summary, string Detail)> MeasureAsync(string people)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"welfare-bench-{Guid.NewGuid():N}");
        try
        {
            await DataGenRunner.RunAsync("Release", ["registrations", "--people", people, "--out", directory]);
            var file = Path.Combine(directory, "registrations.csv");
            var settings = await TestPlatform.SettingsAsync(infrastructure, $"ingest_bench_{Guid.NewGuid():N}"[..20], "registrydb");
            settings["Logging:LogLevel:Default"] = "Information";

            var loadBefore = LoadAverage();
            var copy = await PsqlCopyAsync(settings["ConnectionStrings:registrydb"], file);
            var http = await OverHttpAsync(settings, file, Path.Combine(Path.GetTempPath(), $"welfare-ingest-benchmark-{people}.log"));
            var loadAfter = LoadAverage();
            var ratio = http.Elapsed / copy;
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{http.Rows,10:N0} | {copy.TotalSeconds,8:F1} s | {http.Elapsed.TotalSeconds,32:F1} s | {ratio,5:F2} | {http.PeakMb,19:F0} MB ({(http.PeakMb < MemoryTargetMb ? "under" : "OVER")} {MemoryTargetMb:F0}) | {loadBefore} → {loadAfter}");
            var detail = string.Create(CultureInfo.InvariantCulture,
                $"ingest benchmark: {http.Rows:N0} rows, {new FileInfo(file).Length / Mb:F0} MiB | psql \\copy {copy.TotalSeconds:F1} s | " +
                $"HTTP until completed and published {http.Elapsed.TotalSeconds:F1} s | ratio {ratio:F2} | {http.Memory} | {http.Phases} | load average {loadBefore} → {loadAfter}");
            return (summary, detail);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages: the machine is shared, so every figure says how busy it was.</summary>
    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

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
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            // The same database serves the service next: the baseline's table is not left to slow it.
            await dataSource.CreateCommand("drop table bench_copy").ExecuteNonQueryAsync();
        }

        return clock.Elapsed;
    }

    private static async Task<(TimeSpan Elapsed, int Rows, double PeakMb, string Memory, string Phases)> OverHttpAsync(Dictionary<string, string> settings, string file, string logFile)
    {
        await using var service = await IngestServiceProcess.StartAsync(settings, logFile);
        using var client = new HttpClient { BaseAddress = service.Url, Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestPlatform.TokenFor(Roles.Ingest));
        var ingest = new IngestClient(client, settings);
        var started = service.ProcStatusBytes("VmRSS");

        var clock = Stopwatch.StartNew();
        await using var body = File.OpenRead(file);
        var content = new StreamContent(body, 1 << 16);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=utf-8");
        var response = await client.PostAsync("/api/batches/registrations?source=ktb&asOf=2022-11-30", content);
        response.EnsureSuccessStatusCode();
        var batchId = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(response.Content))!["batchId"]!.GetValue<Guid>();
        var accepted = clock.Elapsed;
        var afterUpload = service.ProcStatusBytes("VmHWM");
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
        }, TimeSpan.FromHours(2), "the batch to finish");
        var completed = clock.Elapsed;
        status["status"]!.GetValue<string>().ShouldBe("completed", status.ToJsonString());
        await TestPlatform.EventuallyAsync(
            async () => await ingest.CountAsync("select count(*) from outbox_messages where message_id = $1 and sent_at is not null", batchId) == 1 ? "published" : null,
            TimeSpan.FromMinutes(5), "the event to be published");
        clock.Stop();
        var peak = service.ProcStatusBytes("VmHWM");
        var memory = string.Create(CultureInfo.InvariantCulture,
            $"service process peak resident memory (VmHWM) {peak / Mb:F0} MB (resident after start {started / Mb:F0} MB, peak until 202 Accepted {afterUpload / Mb:F0} MB)");
        var phases = string.Create(CultureInfo.InvariantCulture,
            $"202 Accepted after {accepted.TotalSeconds:F1} s, rows read until {staged.TotalSeconds:F1} s, completed at {completed.TotalSeconds:F1} s, published at {clock.Elapsed.TotalSeconds:F1} s | service phases: {LogLineAfter(logFile, " phases: ")} | service memory after staging: {LogLineAfter(logFile, " memory after staging: ")}");
        return (clock.Elapsed, status["rowsAccepted"]!.GetValue<int>(), peak / Mb, memory, phases);
    }

    /// <summary>The rest of the service's last log line that holds <paramref name="marker"/> (the loader's "Batch ... phases: ..." line).</summary>
    private static string LogLineAfter(string logFile, string marker)
    {
        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var found = "(not logged)";
        while (reader.ReadLine() is { } line)
        {
            if (line.IndexOf(marker, StringComparison.Ordinal) is var at and >= 0)
            {
                found = line[(at + marker.Length)..];
            }
        }

        return found;
    }
}
