using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;
using WelfarePlatform.Eligibility.Rulesets;
using WelfarePlatform.Eligibility.Simulations;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.Eligibility;

/// <summary>
/// The issue's figures, printed side by side: a full re-evaluation of WELFARE_BENCH_PEOPLE (1 million)
/// people under round-2022 against one hand-written SQL statement on the same data (and both must
/// give identical outcomes), and a what-if over WELFARE_BENCH_WHATIF_PEOPLE (10 million) against the previous
/// statement over determinations (both must give identical answers). They take
/// minutes, so they run only with WELFARE_BENCH=1.
/// </summary>
public sealed class EligibilityBenchmarks(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("WELFARE_BENCH") == "1";

    [Fact]
    public async Task Full_reevaluation_against_hand_written_sql()
    {
        Assert.SkipUnless(Enabled, "Benchmark: set WELFARE_BENCH=1 to run.");
        var people = Size("WELFARE_BENCH_PEOPLE", 1_000_000);
        var settings = await TestPlatform.SettingsAsync(infrastructure, "eligibility_bench_full", "eligibilitydb");
        settings["Eligibility:EvaluationDate"] = "2022-12-01";
        var log = new CapturedServiceLog();
        await using var host = new ServiceHost<EligibilityApp>(settings);
        await using var eligibility = log.Start(host);
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:eligibilitydb"]);
        var seeding = Stopwatch.StartNew();
        await BenchmarkData.SeedFactsAsync(dataSource, people);
        seeding.Stop();

        // The hand-written statement runs three times: with the server's defaults, with the session
        // settings the service's statements use (work_mem, jit off), and with those and no parallel
        // workers, as each part of a full run decides. The fastest is the baseline.
        var defaultSettings = await HandWrittenAsync(dataSource, null);
        var serviceSettings = await HandWrittenAsync(dataSource, BenchmarkData.ServiceSessionSettings);
        var partSettings = await HandWrittenAsync(dataSource, BenchmarkData.ServicePartSessionSettings);
        var sqlTime = new[] { defaultSettings, serviceSettings, partSettings }.Min();

        using var steward = eligibility.CreateClient();
        steward.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestPlatform.TokenFor(Roles.Steward));
        var warmUp = await WarmUpAsync(steward);
        var (serviceTime, status, serviceCpu) = await FullRunAsync(steward, people);
        // The usual run in production: determinations are stored already, and few of them change.
        var (againTime, again, againCpu) = await FullRunAsync(steward, people);
        again["changed"]!.GetValue<int>().ShouldBe(0);

        await using var compare = dataSource.CreateCommand(
            """
            select count(*) filter (where d.outcome is distinct from s.outcome), count(*),
                   count(*) filter (where s.outcome = 'eligible'), count(*) filter (where s.outcome = 'ineligible'), count(*) filter (where s.outcome = 'unknown')
            from sql_outcomes s full join (select pid, outcome from determinations where ruleset_id = 'round-2022') d on d.pid = s.pid collate "C"
            """);
        await using var reader = await compare.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (differing, compared) = (reader.GetInt64(0), reader.GetInt64(1));
        Report($"full re-evaluation, round-2022, {people:N0} people: service {serviceTime.TotalSeconds:0.0} s (POST to status completed), " +
            $"hand-written SQL {sqlTime.TotalSeconds:0.0} s (the fastest of: server defaults {defaultSettings.TotalSeconds:0.0} s, service's session settings {serviceSettings.TotalSeconds:0.0} s, " +
            $"those without parallel workers {partSettings.TotalSeconds:0.0} s), " +
            $"ratio {serviceTime / sqlTime:0.00} (target at most 1.50); the same run again over the stored determinations {againTime.TotalSeconds:0.0} s, ratio {againTime / sqlTime:0.00}; " +
            $"outcomes eligible {reader.GetInt64(2):N0}, ineligible {reader.GetInt64(3):N0}, unknown {reader.GetInt64(4):N0}; " +
            $"differing {differing:N0} of {compared:N0}; data generation {seeding.Elapsed.TotalSeconds:0.0} s (not timed); {warmUp}. " +
            "Work compared: the SQL writes each person's outcome to an unlogged table; the service also stores failed criteria, per-criterion verdicts and values " +
            $"and the stale flag, records {status["changed"]!.GetValue<int>():N0} changes (the second run 0), writes them to the change-set blob and publishes the per-province counts. " +
            $"Service phases: {PhasesLogged(log, 1)}; {serviceCpu}; again: {PhasesLogged(log, 2)}; {againCpu}");
        compared.ShouldBe(people);
        differing.ShouldBe(0);
    }

    [Fact]
    public async Task What_if_over_the_whole_population()
    {
        Assert.SkipUnless(Enabled, "Benchmark: set WELFARE_BENCH=1 to run.");
        var people = Size("WELFARE_BENCH_WHATIF_PEOPLE", 10_000_000);
        var settings = await TestPlatform.SettingsAsync(infrastructure, "eligibility_bench_whatif", "eligibilitydb");
        await using var eligibility = new ServiceHost<EligibilityApp>(settings);
        _ = eligibility.Server;
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:eligibilitydb"]);
        var ruleset = (await eligibility.Services.GetRequiredService<RulesetStore>().FindAsync("round-2022"))!;
        var seeding = Stopwatch.StartNew();
        await BenchmarkData.SeedDeterminationsAsync(dataSource, people, CompactDetermination.Slots(ruleset));
        seeding.Stop();
        // A database at rest, as after an evaluation and autovacuum: the what-ifs do not set hint bits.
        var vacuuming = Stopwatch.StartNew();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await BenchmarkData.Execute(connection, "vacuum analyze determinations");
        }

        vacuuming.Stop();

        var date = new DateOnly(2022, 12, 1);
        var overrides = new Dictionary<string, decimal?> { ["max_income"] = 120_000, ["max_household_income_per_member"] = 120_000 };
        var runner = eligibility.Services.GetRequiredService<SimulationRunner>();

        // Baseline: the previous statement over determinations, in the service's runner (no HTTP).
        var baselineCold = Stopwatch.StartNew();
        await runner.RunAsync(ruleset, date, overrides, overDeterminations: true, CancellationToken.None); // warm: the table's pages in cache, as on a running server
        baselineCold.Stop();
        var baselineLoad = LoadAverage();
        var baselineTimer = Stopwatch.StartNew();
        var baseline = await runner.RunAsync(ruleset, date, overrides, overDeterminations: true, CancellationToken.None);
        baselineTimer.Stop();

        using var steward = eligibility.CreateClient(Roles.Steward);
        steward.Timeout = TimeSpan.FromMinutes(10);
        var request = new { ruleset = "round-2022", date = "2022-12-01", overrides };
        var cold = Stopwatch.StartNew();
        await steward.PostAsJsonAsync("/api/simulations", request); // warm
        cold.Stop();
        var load = LoadAverage();
        var timer = Stopwatch.StartNew();
        var response = await steward.PostAsJsonAsync("/api/simulations", request);
        timer.Stop();
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var national = answer["national"]!;

        // Identical answers: every count and cost, nationally and per province.
        var expected = JsonNode.Parse(JsonSerializer.Serialize(new { baseline.National, baseline.Provinces }, JsonSerializerOptions.Web))!;
        var nationalSame = JsonNode.DeepEquals(expected["national"], national);
        var provincesSame = JsonNode.DeepEquals(expected["provinces"], answer["provinces"]);
        Report($"what-if max_income 120,000, {people:N0} people: {timer.Elapsed.TotalSeconds:0.0} s end to end over the determinations' compact columns (target under 10 s; first call {cold.Elapsed.TotalSeconds:0.0} s; load average {load}), " +
            $"previous statement over their arrays {baselineTimer.Elapsed.TotalSeconds:0.0} s (first call {baselineCold.Elapsed.TotalSeconds:0.0} s; load average {baselineLoad}), " +
            $"speed-up {baselineTimer.Elapsed / timer.Elapsed:0.0}x; answers identical: {nationalSame && provincesSame}; " +
            $"data generation {seeding.Elapsed.TotalSeconds:0.0} s, vacuum {vacuuming.Elapsed.TotalSeconds:0.0} s (not timed); " +
            $"become eligible {national["becomeEligible"]!.GetValue<int>():N0}, monthly cost change {national["monthlyCostChange"]!.GetValue<decimal>():N0} baht");
        national["population"]!.GetValue<int>().ShouldBe(people);
        national["becomeEligible"]!.GetValue<int>().ShouldBeGreaterThan(0);
        nationalSame.ShouldBeTrue($"national: {national.ToJsonString()} against the previous statement's {expected["national"]!.ToJsonString()}");
        provincesSame.ShouldBeTrue("the provinces differ from the previous statement's");
    }

    /// <summary>
    /// Requests that evaluate no one, before the timed runs, as a running service has answered them
    /// already: the endpoints a run is posted to and followed at (authentication, a problem answer,
    /// the status lookup). Without them the first run's time included compiling the web and token
    /// validation code (about 5,000 methods, JIT disasm summary) on the cores the run uses. Nothing of
    /// a full run itself is warmed: its code and the data it reads are as cold as after a deploy.
    /// </summary>
    private static async Task<string> WarmUpAsync(HttpClient steward)
    {
        const int Rounds = 4, Requests = 50;
        var timer = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < Requests; i++)
            {
                (await steward.GetAsync($"/api/evaluations/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
                (await steward.PostAsJsonAsync("/api/evaluations", new { ruleset = "round-1999", date = "2022-12-01" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            }

            // Tiered compilation counts calls only after a quiet moment, and compiles in the background.
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return string.Create(CultureInfo.InvariantCulture, $"before the timed runs, {2 * Rounds * Requests} requests that evaluate no one warmed the endpoints ({timer.Elapsed.TotalSeconds:0.0} s, not timed)");
    }

    /// <summary>Posts a full re-evaluation and waits until its status says completed; the time is from the POST.</summary>
    private static async Task<(TimeSpan Elapsed, JsonObject Status, string Cpu)> FullRunAsync(HttpClient steward, int people)
    {
        var (processBefore, machineBefore) = (Process.GetCurrentProcess().TotalProcessorTime, MachineBusySeconds());
        var (gen0Before, gen2Before, pausedBefore, allocatedBefore) = (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        var timer = Stopwatch.StartNew();
        var status = await FullRuns.RunAsync(steward, TimeSpan.FromMinutes(30));
        timer.Stop();
        var cpu = string.Create(CultureInfo.InvariantCulture,
            $"CPU used: this process (service and test) {(Process.GetCurrentProcess().TotalProcessorTime - processBefore).TotalSeconds:0.0} s, the whole machine {MachineBusySeconds() - machineBefore:0.0} s of {Environment.ProcessorCount * timer.Elapsed.TotalSeconds:0.0} s; " +
            $"garbage collections {GC.CollectionCount(0) - gen0Before} ({GC.CollectionCount(2) - gen2Before} full), paused {(GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds:0.00} s, " +
            $"allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / (double)(1 << 20):N0} MB ({(GCSettings.IsServerGC ? "server" : "workstation")} GC)");
        status["status"]!.GetValue<string>().ShouldBe("completed", status.ToJsonString());
        status["personsEvaluated"]!.GetValue<int>().ShouldBe(people);
        return (timer.Elapsed, status, cpu);
    }

    /// <summary>
    /// Seconds of CPU the machine has spent busy (all processes: the service, PostgreSQL, Azurite), from
    /// /proc/stat: the figure that moves less than wall time when the neighbours are noisy. NaN elsewhere.
    /// </summary>
    private static double MachineBusySeconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return double.NaN;
        }

        // cpu user nice system idle iowait irq softirq steal ...: in clock ticks (USER_HZ, 100 a second).
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return (ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6]) / 100.0;
    }

    /// <summary>The phase timings the service logged for its nth full run.</summary>
    private static string PhasesLogged(CapturedServiceLog log, int run) =>
        log.Lines.Where(l => l.StartsWith("Full re-evaluation", StringComparison.Ordinal)).Skip(run - 1).FirstOrDefault() ?? "(not logged)";

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static async Task<TimeSpan> HandWrittenAsync(NpgsqlDataSource dataSource, string? sessionSettings)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await BenchmarkData.Execute(connection, "drop table if exists sql_outcomes");
        if (sessionSettings is not null)
        {
            await BenchmarkData.Execute(connection, sessionSettings);
        }

        var timer = Stopwatch.StartNew();
        await BenchmarkData.Execute(connection, BenchmarkData.HandWrittenRound2022);
        return timer.Elapsed;
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine("BENCHMARK " + line);
    }

    private static int Size(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) ? size : fallback;
}
