using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WelfarePlatform.Reference;

// welfare-soak: registration batches and dashboard reads against a running platform (dev/run) for
// --minutes, then throughput, errors and each service's resident memory sampled over time, with a
// flag when memory keeps growing (last third of the run against the first third).
var options = SoakOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("""
        usage: welfare-soak [--minutes N] [--endpoints .dev/endpoints.json] [--run-dir .dev/run]
                            [--people-per-batch 2000] [--dashboard-clients 4] [--sample-seconds 5] [--growth-percent 25]
        Needs a running platform (dev/run --detach). Exit code 1 when a call failed or a service's memory grew past --growth-percent.
        """);
    return 2;
}

var endpoints = JsonNode.Parse(await File.ReadAllTextAsync(options.Endpoints))!;
var services = endpoints["services"]!.AsObject().ToDictionary(s => s.Key, s => new Uri(s.Value!.GetValue<string>()));
var tokens = endpoints["tokens"]!.AsObject();
HttpClient Client(string service, string role) => new()
{
    BaseAddress = services[service],
    Timeout = TimeSpan.FromMinutes(2),
    DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", tokens[role]!.GetValue<string>()) },
};

var stats = new SoakStats();
using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(options.Minutes));
var clock = Stopwatch.StartNew();
Console.WriteLine($"soak: {options.Minutes} min against {string.Join(", ", services.Select(s => $"{s.Key} {s.Value}"))}");
Console.WriteLine($"      ingest: batches of {options.PeoplePerBatch:N0} registrants, one at a time; dashboard: {options.DashboardClients} clients reading /api/targeted/summary");

var memory = new MemorySampler(options.RunDirectory, services.Keys);
var tasks = new List<Task>
{
    IngestLoopAsync(Client("registration-ingest", "ingest"), options.PeoplePerBatch, stats, stop.Token),
    memory.RunAsync(TimeSpan.FromSeconds(options.SampleSeconds), clock, stop.Token),
};
for (var i = 0; i < options.DashboardClients; i++)
{
    tasks.Add(DashboardLoopAsync(Client("dashboard-api", "analyst"), stats, stop.Token));
}

await Task.WhenAll(tasks);
var seconds = clock.Elapsed.TotalSeconds;

Console.WriteLine();
Console.WriteLine($"ran {seconds:0} s");
Console.WriteLine($"ingest:    {stats.Batches} batches completed, {stats.RowsLoaded:N0} rows loaded = {stats.RowsLoaded / seconds:N0} rows/s; {stats.IngestErrors} errors");
var latencies = stats.DashboardLatencies();
Console.WriteLine($"dashboard: {latencies.Count:N0} summary reads = {latencies.Count / seconds:N1}/s, p50 {Percentile(latencies, 0.5):0} ms, p95 {Percentile(latencies, 0.95):0} ms, max {(latencies.Count > 0 ? latencies[^1] : 0):0} ms; {stats.DashboardErrors} errors");
foreach (var error in stats.FirstErrors)
{
    Console.WriteLine($"  error: {error}");
}

var grew = memory.Report(options.GrowthPercent);
return stats.IngestErrors + stats.DashboardErrors > 0 || grew ? 1 : 0;

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

static async Task IngestLoopAsync(HttpClient ingest, int people, SoakStats stats, CancellationToken stop)
{
    // A fresh serial range per run and batch: identical content would be the same batch (idempotent re-post), not load.
    var runBase = 8_000_000_000L + Random.Shared.NextInt64(0, 900_000) * 1_000;
    for (var batch = 0; !stop.IsCancellationRequested; batch++)
    {
        var csv = RegistrationFile(runBase + batch * (long)people, people);
        try
        {
            var content = new StringContent(csv, Encoding.UTF8, "text/csv");
            using var posted = await ingest.PostAsync($"/api/batches/registrations?source=soak&asOf=2022-11-30", content, stop);
            if (!posted.IsSuccessStatusCode)
            {
                stats.IngestError($"POST batch answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync(stop)}");
                continue;
            }

            var batchId = (await posted.Content.ReadFromJsonAsync<JsonObject>(stop))!["batchId"]!.GetValue<Guid>();
            while (true)
            {
                await Task.Delay(250, stop);
                var status = (await ingest.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}", stop))!;
                var state = status["status"]!.GetValue<string>();
                if (state == "completed")
                {
                    stats.BatchLoaded(status["rowsAccepted"]!.GetValue<int>());
                    break;
                }

                if (state == "failed")
                {
                    stats.IngestError($"batch {batchId} failed: {status["error"]}");
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return; // the time is up mid-batch: not an error
        }
        catch (HttpRequestException e)
        {
            stats.IngestError(e.Message);
        }
    }
}

static async Task DashboardLoopAsync(HttpClient dashboard, SoakStats stats, CancellationToken stop)
{
    while (!stop.IsCancellationRequested)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await dashboard.GetAsync("/api/targeted/summary?ruleset=round-2022", stop);
            await response.Content.ReadAsByteArrayAsync(stop);
            if (response.IsSuccessStatusCode)
            {
                stats.DashboardRead(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else
            {
                stats.DashboardError($"summary answered {(int)response.StatusCode}");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return;
        }
        catch (HttpRequestException e)
        {
            stats.DashboardError(e.Message);
        }
    }
}

static string RegistrationFile(long serialBase, int people)
{
    var text = new StringBuilder("national_id,first_name,last_name,birth_date,nationality,province_code,household_id,relationship,declared_income,registered_at,card_holder\n");
    var provinces = Provinces.All;
    for (var i = 0; i < people; i++)
    {
        var first12 = 1_0000_00000_00L + serialBase + i;
        var province = provinces[(int)((serialBase + i) % provinces.Length)].Code;
        text.Append(CultureInfo.InvariantCulture,
            $"{first12}{NationalId.ComputeCheckDigit(first12)},สมชาย,ใจดี,1970-01-01,TH,{province},S{serialBase + i / 3},{(i % 3 == 0 ? "head" : "child")},{i % 200 * 1_000},2022-09-10,{i % 2}\n");
    }

    return text.ToString();
}

internal sealed record SoakOptions(double Minutes, string Endpoints, string RunDirectory, int PeoplePerBatch, int DashboardClients, int SampleSeconds, double GrowthPercent)
{
    public static SoakOptions? Parse(string[] args)
    {
        var options = new SoakOptions(5, ".dev/endpoints.json", ".dev/run", 2_000, 4, 5, 25);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            if (value is null)
            {
                return null;
            }

            options = args[i] switch
            {
                "--minutes" => options with { Minutes = double.Parse(value, CultureInfo.InvariantCulture) },
                "--endpoints" => options with { Endpoints = value },
                "--run-dir" => options with { RunDirectory = value },
                "--people-per-batch" => options with { PeoplePerBatch = int.Parse(value, CultureInfo.InvariantCulture) },
                "--dashboard-clients" => options with { DashboardClients = int.Parse(value, CultureInfo.InvariantCulture) },
                "--sample-seconds" => options with { SampleSeconds = int.Parse(value, CultureInfo.InvariantCulture) },
                "--growth-percent" => options with { GrowthPercent = double.Parse(value, CultureInfo.InvariantCulture) },
                _ => null,
            };
            if (options is null)
            {
                return null;
            }

            i++;
        }

        return options;
    }
}

internal sealed class SoakStats
{
    private readonly Lock gate = new();
    private readonly List<double> latencies = [];
    private readonly List<string> errors = [];

    public int Batches { get; private set; }

    public long RowsLoaded { get; private set; }

    public int IngestErrors { get; private set; }

    public int DashboardErrors { get; private set; }

    public IReadOnlyList<string> FirstErrors => errors;

    public void BatchLoaded(int rows)
    {
        lock (gate)
        {
            Batches++;
            RowsLoaded += rows;
        }
    }

    public void DashboardRead(double milliseconds)
    {
        lock (gate)
        {
            latencies.Add(milliseconds);
        }
    }

    public void IngestError(string error)
    {
        lock (gate)
        {
            IngestErrors++;
            Remember(error);
        }
    }

    public void DashboardError(string error)
    {
        lock (gate)
        {
            DashboardErrors++;
            Remember(error);
        }
    }

    public List<double> DashboardLatencies()
    {
        lock (gate)
        {
            return [.. latencies.Order()];
        }
    }

    private void Remember(string error)
    {
        if (errors.Count < 10)
        {
            errors.Add(error);
        }
    }
}

/// <summary>Resident memory (VmRSS of /proc/PID/status) of each service the local runner started (.dev/run/service-NAME.pid).</summary>
internal sealed class MemorySampler(string runDirectory, IEnumerable<string> services)
{
    private readonly Dictionary<string, List<(double Seconds, long Kib)>> samples = services.ToDictionary(s => s, _ => new List<(double, long)>());

    public async Task RunAsync(TimeSpan interval, Stopwatch clock, CancellationToken stop)
    {
        while (true)
        {
            foreach (var (service, list) in samples)
            {
                if (Rss(service) is { } kib)
                {
                    list.Add((clock.Elapsed.TotalSeconds, kib));
                }
            }

            try
            {
                await Task.Delay(interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Prints the table; true when a service's last-third average exceeds its first-third average by more than <paramref name="growthPercent"/>.</summary>
    public bool Report(double growthPercent)
    {
        var grew = false;
        Console.WriteLine();
        Console.WriteLine($"memory (RSS, MiB) | samples | start | min | max | end | first-third avg | last-third avg | growth");
        foreach (var (service, list) in samples.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (list.Count < 3)
            {
                Console.WriteLine($"{service,-20} | {list.Count} samples: no pid file in {runDirectory} or too short a run");
                continue;
            }

            var third = list.Count / 3;
            var first = list.Take(third).Average(s => s.Kib);
            var last = list.Skip(list.Count - third).Average(s => s.Kib);
            var growth = (last - first) / first * 100;
            var flag = growth > growthPercent ? $"GROWING (> {growthPercent}%)" : "flat";
            grew |= growth > growthPercent;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{service,-20} | {list.Count,7} | {Mib(list[0].Kib),5:0} | {Mib(list.Min(s => s.Kib)),3:0} | {Mib(list.Max(s => s.Kib)),3:0} | {Mib(list[^1].Kib),3:0} | {Mib(first),15:0} | {Mib(last),14:0} | {growth,+5:0.0}% {flag}"));
            Console.WriteLine($"{"",-20} | over time: {string.Join(' ', Spread(list, 12).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Seconds:0}s={Mib(s.Kib):0}")))}");
        }

        return grew;
    }

    private static double Mib(double kib) => kib / 1024;

    private static IEnumerable<(double Seconds, long Kib)> Spread(List<(double Seconds, long Kib)> list, int count) =>
        Enumerable.Range(0, Math.Min(count, list.Count)).Select(i => list[i * (list.Count - 1) / Math.Max(1, Math.Min(count, list.Count) - 1)]);

    private long? Rss(string service)
    {
        try
        {
            var pid = File.ReadAllText(Path.Combine(runDirectory, $"service-{service}.pid")).Trim();
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // not running now
        }

        return null;
    }
}
