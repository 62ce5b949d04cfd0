using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shouldly;
using WelfarePlatform.Contracts;
using WelfarePlatform.DashboardApi.Client;
using WelfarePlatform.IntegrationTests.RegistrationIngest;
using WelfarePlatform.Reference;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.DashboardApi;

/// <summary>
/// The issue's two dashboard figures, opt-in with <c>WELFARE_BENCH=1</c>; each prints its figure next
/// to its baseline and appends it to <c>/tmp/welfare-dashboard-benchmark.txt</c>.
/// </summary>
public sealed class DashboardBenchmarks(InfrastructureFixture infrastructure)
{
    private static readonly string Report = Path.Combine(Path.GetTempPath(), "welfare-dashboard-benchmark.txt");

    /// <summary>
    /// GET /api/targeted/summary (77 provinces, 11 criteria) on real Kestrel sockets, loaded by wrk in a
    /// second process on loopback (services/DashboardApi/bench/load.sh): one replica serving cached
    /// serialized bytes, one computing every answer from PostgreSQL (Dashboard:CacheSummary=false).
    /// Every measured run follows a warm-up on the same URL and Accept, in 5 s slices for at least 30 s and
    /// until the server's CPU per request stops falling (at most WELFARE_BENCH_WARMUP_SECONDS, default 90): the JIT's tiering
    /// (instrumented code, then optimized) takes tens of seconds under load on 2 busy cores, and without
    /// it whichever run came first (it was JSON) measured the JIT, not the format. The first slice is
    /// printed as "cold". Server CPU per request is this
    /// process's CPU time over the run (every replica lives here; idle ones cost next to nothing).
    /// A third replica serves the same cached bytes with Dashboard:CacheValidatedTokens=false, so the
    /// validated-token cache's share is measured in the same run.
    /// </summary>
    [Fact]
    public async Task Summary_under_load_cached_against_uncached()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("WELFARE_BENCH") != "1", "Set WELFARE_BENCH=1 to run the dashboard benchmarks.");
        var settings = await TestPlatform.SettingsAsync(infrastructure, "dashboard_bench_load", "dashboarddb");
        settings["Logging:LogLevel:Default"] = "Warning";
        var cachedPort = FreePort.Next();
        await using var cached = new ServiceHost<DashboardApiApp>(settings);
        cached.UseKestrel(cachedPort);
        cached.StartServer();
        var uncachedPort = FreePort.Next();
        await using var uncached = new ServiceHost<DashboardApiApp>(new Dictionary<string, string>(settings) { ["Dashboard:CacheSummary"] = "false" });
        uncached.UseKestrel(uncachedPort);
        uncached.StartServer();
        // The cached bytes again, with the bearer token fully validated on every request, beside the figure.
        var validatingPort = FreePort.Next();
        await using var validating = new ServiceHost<DashboardApiApp>(new Dictionary<string, string>(settings) { ["Dashboard:CacheValidatedTokens"] = "false" });
        validating.UseKestrel(validatingPort);
        validating.StartServer();

        var client = DashboardApiClientExtensions.Create(cached.CreateClient(Roles.Analyst));
        await using (var stream = await StreamWatcher.OpenAsync(client))
        {
            await cached.Services.GetRequiredService<IBus>().Publish(NationalDeterminations());
            await stream.NextAsync("targeted", TimeSpan.FromSeconds(60));
        }

        (await client.GetTargetedSummaryAsync()).Provinces.Count.ShouldBe(77);
        var token = TestPlatform.TokenFor(Roles.Analyst);
        var seconds = Environment.GetEnvironmentVariable("WELFARE_BENCH_SECONDS") ?? "10";
        var maxWarmup = int.Parse(Environment.GetEnvironmentVariable("WELFARE_BENCH_WARMUP_SECONDS") ?? "90", System.Globalization.CultureInfo.InvariantCulture);
        var connections = Environment.GetEnvironmentVariable("WELFARE_BENCH_CONNECTIONS") ?? "64";
        string Url(int port) => $"http://127.0.0.1:{port}/api/targeted/summary?ruleset=round-2022";

        // The same URL, token and Accept as the measured run, full 200 bodies, no compression asked for:
        // 5 s slices, at least 30 s, then until the server's CPU per request stops falling (no slice 10 %
        // under the best so far), at most WELFARE_BENCH_WARMUP_SECONDS; the first slice is the "cold" figure.
        // One flat slice is not enough: on a busy machine the JIT's background thread can stall for seconds.
        async Task<(Load Cold, Load Warm, int WarmupSeconds)> WarmThenMeasureAsync(string url, string accept = "application/json")
        {
            var cold = await LoadAsync(url, token, connections, "5", accept);
            var (best, spent) = (cold.ServerCpuUs, 5);
            while (spent + 5 <= maxWarmup)
            {
                var slice = await LoadAsync(url, token, connections, "5", accept);
                spent += 5;
                var falling = slice.ServerCpuUs < best * 0.9;
                best = Math.Min(best, slice.ServerCpuUs);
                if (spent >= Math.Min(30, maxWarmup) && !falling)
                {
                    break;
                }
            }

            return (cold, await LoadAsync(url, token, connections, seconds, accept), spent);
        }

        var baseline = await WarmThenMeasureAsync(Url(uncachedPort));
        var figure = await WarmThenMeasureAsync(Url(cachedPort));
        var csv = await WarmThenMeasureAsync(Url(cachedPort), "text/csv");
        var everyToken = await WarmThenMeasureAsync(Url(validatingPort));

        static string Figure(string name, (Load Cold, Load Warm, int WarmupSeconds) run) =>
            $"{name} {run.Warm.Rps:N0} req/s p99 {run.Warm.P99Ms:F2} ms, {run.Warm.ServerCpuUs:F0} µs server CPU/req " +
            $"(after {run.WarmupSeconds} s warm-up; cold first 5 s {run.Cold.Rps:N0} req/s p99 {run.Cold.P99Ms:F2} ms, {run.Cold.ServerCpuUs:F0} µs/req)";
        var line = $"dashboard summary load ({connections} connections, {seconds} s measured, wrk on loopback, {Environment.ProcessorCount} cores, " +
            $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, load average {LoadAverage()}): " +
            $"{Figure("cached", figure)} | {Figure("uncached", baseline)} | {Figure("cached CSV", csv)} | {Figure("cached, token validated every request", everyToken)} | target ≥ 10,000 req/s, p99 < 25 ms";
        await WriteAsync(line);
        ((Load[])[figure.Warm, figure.Cold, baseline.Warm, baseline.Cold, csv.Warm, csv.Cold, everyToken.Warm, everyToken.Cold]).Sum(run => run.Non2xx).ShouldBe(0);
    }

    /// <summary>
    /// A generated 100,000-person registrations batch through registration-ingest, eligibility and
    /// dashboard-api (real PostgreSQL, RabbitMQ, Azurite): from the batch's completedAt to the first
    /// <c>changed</c> on the stream after which the summary shows the batch (registrants from
    /// RegistrantsByProvinceChanged), and to the one after which it shows determinations.
    /// </summary>
    [Fact]
    public async Task A_100k_batch_reaches_the_stream()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("WELFARE_BENCH") != "1", "Set WELFARE_BENCH=1 to run the dashboard benchmarks.");
        var people = Environment.GetEnvironmentVariable("WELFARE_BENCH_PEOPLE") ?? "100000";
        var directory = Path.Combine(Path.GetTempPath(), $"welfare-dash-bench-{Guid.NewGuid():N}");
        try
        {
            await DataGenRunner.RunAsync("Release", ["registrations", "--people", people, "--out", directory]);
            var settings = await TestPlatform.SettingsAsync(infrastructure, "dashboard_bench_e2e", "registrydb", "eligibilitydb", "dashboarddb");
            settings["Logging:LogLevel:Default"] = "Warning";
            // Eligibility's phase timings go into the report: they say where the seconds went.
            settings["Logging:LogLevel:WelfarePlatform.Eligibility"] = "Information";
            var eligibilityLog = new Eligibility.CapturedServiceLog();
            await using var ingest = new ServiceHost<RegistrationIngestApp>(settings);
            await using var eligibilityHost = new ServiceHost<EligibilityApp>(settings);
            await using var eligibility = eligibilityHost.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(eligibilityLog)));
            await using var dashboard = new ServiceHost<DashboardApiApp>(settings);
            _ = eligibility.Server;
            _ = dashboard.Server;
            var client = DashboardApiClientExtensions.Create(dashboard.CreateClient(Roles.Analyst));
            await using var stream = await StreamWatcher.OpenAsync(client);

            using var http = ingest.CreateClient(Roles.Ingest);
            http.Timeout = TimeSpan.FromMinutes(30);
            await using var body = File.OpenRead(Path.Combine(directory, "registrations.csv"));
            var content = new StreamContent(body, 1 << 16);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv; charset=utf-8");
            var posted = await http.PostAsync("/api/batches/registrations?source=ktb&asOf=2022-11-30", content);
            posted.EnsureSuccessStatusCode();
            var batchId = (await posted.Content.ReadFromJsonAsync<JsonObject>())!["batchId"]!.GetValue<Guid>();

            TimeSpan? registrants = null;
            TimeSpan? determinations = null;
            var changes = new List<(DateTimeOffset At, ReadModelChange Change)>();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(20);
            while ((determinations is null || registrants is null) && DateTime.UtcNow < deadline)
            {
                var change = await stream.NextAsync("targeted", TimeSpan.FromMinutes(20));
                var arrived = DateTimeOffset.UtcNow;
                changes.Add((arrived, change));
                var summary = await client.GetTargetedSummaryAsync();
                var completedAt = await CompletedAtAsync(http, batchId);
                if (summary.National.Registrants is > 0 && registrants is null)
                {
                    registrants = arrived - completedAt;
                }

                // Until the evidence files are loaded everyone is unknown, so the summary alone cannot tell
                // determinations from the registrant fallback: look at the read model itself.
                await using var db = Npgsql.NpgsqlDataSource.Create(settings["ConnectionStrings:dashboarddb"]);
                if ((long)(await db.CreateCommand("select count(*) from province_determinations").ExecuteScalarAsync())! > 0)
                {
                    determinations = arrived - completedAt;
                }
            }

            var status = (await http.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}"))!;
            var line = $"dashboard end to end: {status["rowsAccepted"]} registrations accepted | batch completedAt → first targeted 'changed' on the stream " +
                $"(registrants) {registrants?.TotalSeconds:F2} s, → 'changed' with determinations {determinations?.TotalSeconds:F2} s | target < 5 s " +
                $"(ingest itself took {(DateTimeOffset.Parse(status["completedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(status["receivedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).TotalSeconds:F1} s)";
            await WriteAsync(line);
            await WriteAsync("  eligibility: " + string.Join(" | ", eligibilityLog.Lines.Where(l => l.Contains(batchId.ToString(), StringComparison.Ordinal) && l.Contains(" in ", StringComparison.Ordinal))));
            determinations.ShouldNotBeNull();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<DateTimeOffset> CompletedAtAsync(HttpClient http, Guid batchId)
    {
        var status = await TestPlatform.EventuallyAsync(
            async () => (await http.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}"))!["completedAt"] is { } at ? at : null,
            TimeSpan.FromMinutes(5), "the batch's completedAt");
        return DateTimeOffset.Parse(status.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>One wrk run: throughput, p99, non-2xx answers, and this process's CPU time per request.</summary>
    private readonly record struct Load(double Rps, double P99Ms, int Non2xx, double ServerCpuUs);

    private static async Task<Load> LoadAsync(string url, string token, string connections, string seconds, string accept = "application/json")
    {
        var script = Path.Combine(DataGenRunner.RepositoryRoot(), "services", "DashboardApi", "bench", "load.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[script, url, token, connections, seconds, "2", accept])
        {
            start.ArgumentList.Add(argument);
        }

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        process.ExitCode.ShouldBe(0, await stderr);
        var fields = (await stdout).Trim().Split('\n')[^1].Split(' ').Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        var requests = double.Parse(fields["requests"], System.Globalization.CultureInfo.InvariantCulture);
        return new Load(double.Parse(fields["rps"], System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(fields["p99_ms"], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields["non2xx"], System.Globalization.CultureInfo.InvariantCulture),
            requests > 0 ? cpu.TotalMicroseconds / requests : double.NaN);
    }

    /// <summary>The 1-minute load average: other work on the machine changes these figures.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static async Task WriteAsync(string line)
    {
        Console.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        await File.AppendAllTextAsync(Report, line + "\n");
    }

    /// <summary>Every province, with counts from 0 to a few thousand so some cells are small.</summary>
    private static DeterminationsChanged NationalDeterminations()
    {
        var random = new Random(7);
        string[] criteria = ["NATIONALITY", "AGE", "NOT_STATE_EMPLOYEE", "ALIVE", "INCOME", "HOUSEHOLD_INCOME", "FINANCIAL_ASSETS", "HOME_LOAN", "CAR_LOAN", "CREDIT_CARD", "LAND_RESIDENTIAL"];
        var provinces = Provinces.All.Select(province =>
        {
            var eligible = random.Next(0, 5000);
            var ineligible = random.Next(0, 3000);
            var unknown = random.Next(0, 30);
            return new ProvinceDeterminations
            {
                ProvinceCode = province.Code,
                Registrants = eligible + ineligible + unknown,
                Holders = eligible * 9 / 10,
                Eligible = eligible,
                Ineligible = ineligible,
                Unknown = unknown,
                IneligibleByCriterion = criteria.ToDictionary(c => c, _ => random.Next(0, Math.Max(1, ineligible / 4))),
                InclusionErrors = random.Next(0, 40),
                ExclusionErrors = random.Next(0, 40),
                StaleEvidence = random.Next(0, 200),
            };
        }).ToList();
        return new DeterminationsChanged
        {
            EventId = Guid.NewGuid(),
            CorrelationId = Guid.NewGuid(),
            EvaluationId = Guid.NewGuid(),
            RulesetId = "round-2022",
            RulesetVersion = 1,
            Trigger = "full",
            AsOf = new DateOnly(2022, 11, 30),
            EvaluationDate = new DateOnly(2022, 11, 30),
            Evaluated = provinces.Sum(p => p.Registrants),
            Changed = 0,
            NewInclusionErrors = 0,
            NewExclusionErrors = 0,
            ChangeSetBlob = "determination-changes/round-2022/bench.jsonl",
            Provinces = provinces,
            ComputedAt = DateTimeOffset.UtcNow,
        };
    }
}
