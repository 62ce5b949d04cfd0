using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
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
/// A full run writes the ruleset's determinations and compact rows as a new generation and swaps it
/// in place of the partitions (migration 0011). Swapping needs the tables to itself: it must wait
/// for a reader that holds them, without making readers that arrive meanwhile wait for that reader.
/// A full run decides and fills the generation in parts (FullRun): one failing part swaps nothing in.
/// </summary>
public sealed class FullRunGenerationTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_full_run_waits_for_a_reader_to_swap_its_generation_in_and_later_readers_are_not_held_behind_it()
    {
        await using var host = await ChangeSetHost.StartAsync(infrastructure, "eligibility_full_run_generation");
        var (eligibility, dataSource) = (host.Eligibility, host.DataSource);
        await host.PublishAsync(ChangeSetBenchmarks.Generate(90, "generation"));
        (await CountAsync(dataSource, "select count(*) from determinations where ruleset_id = 'round-2022'")).ShouldBe(90);

        // A reader (an export, say) holds round-2022's determinations in an open transaction.
        await using var reader = await dataSource.OpenConnectionAsync();
        await using var readerTransaction = await reader.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand("select count(*) from determinations where ruleset_id = 'round-2022'", reader, readerTransaction))
        {
            (await read.ExecuteScalarAsync()).ShouldBe(90L);
        }

        using var steward = eligibility.CreateClient(Roles.Steward);
        var statusUrl = await FullRuns.StartAsync(steward);

        // The run reaches the swap and asks for the tables: its request waits on the reader.
        await TestPlatform.EventuallyAsync(
            async () => await CountAsync(dataSource,
                "select count(*) from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'determinations' and l.mode = 'AccessExclusiveLock' and not l.granted") > 0
                ? "waiting" : null,
            TimeSpan.FromSeconds(60), "the full run's request for determinations");

        // Readers that come now are answered within one try of the request, not after the first reader.
        for (var i = 0; i < 3; i++)
        {
            var timer = Stopwatch.StartNew();
            (await CountAsync(dataSource, "select count(*) from determinations where ruleset_id = 'round-2022'")).ShouldBe(90);
            timer.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "a reader waited behind the full run's request for the reader before it");
        }

        (await StatusAsync(steward, statusUrl))["status"]!.GetValue<string>().ShouldBe("running", "the run cannot have swapped while the reader holds the table");
        var readerLetGo = DateTimeOffset.UtcNow;
        await readerTransaction.CommitAsync();

        var done = await FullRuns.FinishedAsync(steward, statusUrl, TimeSpan.FromSeconds(60));
        done["status"]!.GetValue<string>().ShouldBe("completed", done.ToJsonString());
        // Completed when it committed, after the reader let go: not when its transaction began.
        done["completedAt"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThan(readerLetGo - TimeSpan.FromMilliseconds(1), done.ToJsonString());

        // The new generation is the ruleset's partition: every person once, from this run, and its compact copy agrees.
        var evaluationId = done["evaluationId"]!.GetValue<Guid>();
        (await CountAsync(dataSource, $"select count(*) from determinations where ruleset_id = 'round-2022' and evaluation_id = '{evaluationId}'")).ShouldBe(90);
        (await CountAsync(dataSource, "select count(*) from determinations where ruleset_id = 'round-2022'")).ShouldBe(90);
        (await CountAsync(dataSource, "select count(*) from determinations where ruleset_id <> 'round-2022'")).ShouldBe(2 * 90);
        (await NextGenerationTablesAsync(dataSource)).ShouldBe(0);
        // Its per-province counts, taken from the decided rows' verdict bits, equal a count of the stored determinations.
        (await QueuedChangeSetTests.CountsDifferingFromAScanAsync(dataSource)).ShouldBe(0);
        (await CountAsync(dataSource, "select count(*) from province_failed_counts where ruleset_id = 'round-2022' and people > 0")).ShouldBeGreaterThan(0);
        var ruleset = (await eligibility.Services.GetRequiredService<RulesetStore>().FindAsync("round-2022"))!;
        (await CompactColumnsCheck.AgreesWithDeterminationsAsync(dataSource, ruleset, "after the swap")).ShouldBe(90);

        // Determinations stored under an earlier version of the ruleset: their state's verdict bits
        // follow that version's criteria, so a full run takes what failed from the criterion ids. Here
        // the ids name what fails now and the bits (every criterion failed) do not: nothing changed.
        const long EveryCriterionFailed = 0x0AAAAAAAAAAAAAAAL;
        await using (var older = dataSource.CreateCommand(string.Create(CultureInfo.InvariantCulture,
            $"update determinations set ruleset_version = ruleset_version - 1, state = (state & {3L << CompactDetermination.OutcomeShift}) | {EveryCriterionFailed} where ruleset_id = 'round-2022' and outcome = 'ineligible'")))
        {
            (await older.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0);
        }

        var again = await FullRuns.RunAsync(steward, TimeSpan.FromSeconds(60));
        again["status"]!.GetValue<string>().ShouldBe("completed", again.ToJsonString());
        again["changed"]!.GetValue<int>().ShouldBe(0, "stored failed criteria were read from the bits of another version");
        (await CountAsync(dataSource, $"select count(*) from determinations where ruleset_id = 'round-2022' and ruleset_version = {ruleset.Version}")).ShouldBe(90);
    }

    [Fact]
    public async Task A_full_run_whose_part_fails_swaps_nothing_in_and_its_retry_stores_everyone()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, "eligibility_full_run_part_fails", "eligibilitydb");
        var log = new CapturedServiceLog();
        await using var host = new ServiceHost<EligibilityApp>(settings);
        await using var eligibility = log.Start(host);
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:eligibilitydb"]);
        await BenchmarkData.SeedFactsAsync(dataSource, 300);
        using var steward = eligibility.CreateClient();
        steward.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestPlatform.TokenFor(Roles.Steward));
        var first = await FullRuns.RunAsync(steward, TimeSpan.FromSeconds(60));
        first["status"]!.GetValue<string>().ShouldBe("completed", first.ToJsonString());
        var firstId = first["evaluationId"]!.GetValue<Guid>();

        // A birth date no age can be computed from stops the run.
        var faulty = (string)(await ScalarAsync(dataSource, "select pid from person_facts where hid >= '8000' order by pid limit 1"))!;
        await ExecuteAsync(dataSource, "update person_facts set birth_date = 'infinity' where pid = $1", faulty);
        var statusUrl = await FullRuns.StartAsync(steward);
        var failure = await TestPlatform.EventuallyAsync(
            () => Task.FromResult(log.Lines.FirstOrDefault(l => l.StartsWith("An evaluation failed", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(60), "the full run's failure in the service log");
        failure.ShouldContain("infinity");

        // Nothing was swapped in: every determination is still the first run's, and the status says
        // which attempt failed and why while the run waits a minute to be tried again.
        (await CountAsync(dataSource, $"select count(*) from determinations where ruleset_id = 'round-2022' and evaluation_id = '{firstId}'")).ShouldBe(300);
        var failed = await StatusAsync(steward, statusUrl);
        failed["status"]!.GetValue<string>().ShouldBe("running", failed.ToJsonString());
        failed["step"]!.GetValue<string>().ShouldBe("waiting to retry");
        failed["error"]!.GetValue<string>().ShouldStartWith("Attempt 1 of 5 failed: ");
        failed["error"]!.GetValue<string>().ShouldContain("infinity");
        failed["personsEvaluated"]!.GetValue<int>().ShouldBe(0);
        (await CountAsync(dataSource, $"select count(*) from evaluations where evaluation_id = '{failed["evaluationId"]!.GetValue<Guid>()}' and lease_until between now() + interval '50 seconds' and now() + interval '61 seconds'")).ShouldBe(1);
        (await NextGenerationTablesAsync(dataSource)).ShouldBe(0, "the failed run's half-filled generation is dropped at once");

        // The fact corrected and the wait over (as if its minute had passed), the retry stores everyone and the error is gone.
        await ExecuteAsync(dataSource, "update person_facts set birth_date = '1970-01-01' where pid = $1", faulty);
        await ExecuteAsync(dataSource, "update evaluations set lease_until = now() - interval '1 second' where evaluation_id = $1", failed["evaluationId"]!.GetValue<Guid>());
        var retried = await FullRuns.FinishedAsync(steward, statusUrl, TimeSpan.FromSeconds(60));
        retried["status"]!.GetValue<string>().ShouldBe("completed", retried.ToJsonString());
        retried["personsEvaluated"]!.GetValue<int>().ShouldBe(300);
        retried["error"].ShouldBeNull();
        (await CountAsync(dataSource, $"select count(*) from determinations where ruleset_id = 'round-2022' and evaluation_id = '{retried["evaluationId"]!.GetValue<Guid>()}'")).ShouldBe(300);
        (await NextGenerationTablesAsync(dataSource)).ShouldBe(0);
        (await QueuedChangeSetTests.CountsDifferingFromAScanAsync(dataSource)).ShouldBe(0);
        var ruleset = (await eligibility.Services.GetRequiredService<RulesetStore>().FindAsync("round-2022"))!;
        (await CompactColumnsCheck.AgreesWithDeterminationsAsync(dataSource, ruleset, "after the retry")).ShouldBe(300);
    }

    [Fact]
    public async Task A_full_run_that_fails_every_attempt_is_reported_failed_with_its_last_reason()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, "eligibility_full_run_gives_up", "eligibilitydb");
        await using var eligibility = new ServiceHost<EligibilityApp>(settings);
        _ = eligibility.Server;
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:eligibilitydb"]);
        await BenchmarkData.SeedFactsAsync(dataSource, 30);
        var faulty = (string)(await ScalarAsync(dataSource, "select min(pid) from person_facts"))!;
        await ExecuteAsync(dataSource, "update person_facts set birth_date = 'infinity' where pid = $1", faulty);
        using var steward = eligibility.CreateClient(Roles.Steward);
        var statusUrl = await FullRuns.StartAsync(steward);

        // Each attempt fails alike; each wait is ended at once (as if its minutes had passed).
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await FailedAttemptAsync(steward, dataSource, statusUrl, attempt);
        }

        var failed = await FullRuns.FinishedAsync(steward, statusUrl, TimeSpan.FromSeconds(60));
        failed["status"]!.GetValue<string>().ShouldBe("failed", failed.ToJsonString());
        failed["step"]!.GetValue<string>().ShouldBe("failed");
        var reason = failed["error"]!.GetValue<string>();
        reason.ShouldStartWith("Stopped after 5 attempts (last: Attempt 5 of 5 failed: ");
        reason.ShouldContain("infinity");
        reason.ShouldEndWith("POST /api/evaluations again to retry.");
        (await NextGenerationTablesAsync(dataSource)).ShouldBe(0);
        (await CountAsync(dataSource, "select count(*) from determinations")).ShouldBe(0);
    }

    [Fact]
    public async Task A_full_run_that_cannot_reach_blob_storage_waits_to_retry_and_the_worker_keeps_running()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, "eligibility_full_run_no_blobs", "eligibilitydb");
        // Nobody listens on this port: every call to Blob storage fails after the client's own retries.
        var deadPort = FreePort.Next();
        settings["ConnectionStrings:blobs"] = AzuriteServer.ConnectionStringAt(deadPort);
        await using var eligibility = new ServiceHost<EligibilityApp>(settings);
        _ = eligibility.Server;
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:eligibilitydb"]);
        await BenchmarkData.SeedFactsAsync(dataSource, 30);
        using var steward = eligibility.CreateClient(Roles.Steward);
        var statusUrl = await FullRuns.StartAsync(steward);

        // Two attempts fail alike: the worker outlived the first failure (the wait before the second is ended at once).
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            (await FailedAttemptAsync(steward, dataSource, statusUrl, attempt))["error"]!.GetValue<string>().ShouldBe(
                $"Attempt {attempt} of 5 failed: Blob storage could not be reached or was too busy to answer: Connection refused (127.0.0.1:{deadPort})");
        }

        eligibility.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested
            .ShouldBeFalse("a failed evaluation must not stop the service");
        (await steward.GetAsync("/api/rulesets")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        (await NextGenerationTablesAsync(dataSource)).ShouldBe(0);
        (await CountAsync(dataSource, "select count(*) from determinations")).ShouldBe(0);
    }

    /// <summary>
    /// Waits for attempt <paramref name="attempt"/>'s failure in the status, checks that the run waits to
    /// be tried again, and ends the wait at once (as if its minutes had passed). Answers the status.
    /// </summary>
    private static async Task<JsonObject> FailedAttemptAsync(HttpClient steward, NpgsqlDataSource dataSource, string statusUrl, int attempt)
    {
        // A Blob storage client gives up after its own tries: about 40 s.
        var waiting = await TestPlatform.EventuallyAsync(async () =>
        {
            var status = await StatusAsync(steward, statusUrl);
            return status["error"]?.GetValue<string>() is { } error && error.StartsWith($"Attempt {attempt} of 5 failed: ", StringComparison.Ordinal) ? status : null;
        }, TimeSpan.FromSeconds(90), $"attempt {attempt}'s failure in the status");
        waiting["status"]!.GetValue<string>().ShouldBe("running");
        waiting["step"]!.GetValue<string>().ShouldBe("waiting to retry");
        await ExecuteAsync(dataSource, "update evaluations set lease_until = now() - interval '1 second' where evaluation_id = $1", waiting["evaluationId"]!.GetValue<Guid>());
        return waiting;
    }

    /// <summary>Tables of a generation not swapped in (determinations_next_k).</summary>
    private static Task<long> NextGenerationTablesAsync(NpgsqlDataSource dataSource) =>
        CountAsync(dataSource, "select count(*) from pg_class where relname like '%\\_next\\_%'");

    private static async Task<object?> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, object value)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<JsonObject> StatusAsync(HttpClient steward, string statusUrl) =>
        (await steward.GetFromJsonAsync<JsonObject>(statusUrl))!;

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
