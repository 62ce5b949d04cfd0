using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.Eligibility;

/// <summary>
/// A change set's facts commit with its queued evaluations; the evaluation worker decides each
/// ruleset in its own transaction. These tests show the queue ends empty and that evaluations a
/// crashed replica left running are taken over.
/// </summary>
public sealed class QueuedChangeSetTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_change_set_is_evaluated_under_every_ruleset_and_its_households_are_then_forgotten()
    {
        await using var host = await ChangeSetHost.StartAsync(infrastructure, "eligibility_queued_changeset");
        var dataSource = host.DataSource;
        var batchId = await host.PublishAsync(ChangeSetBenchmarks.Generate(90, "queued"));

        var evaluations = await RowsAsync(dataSource,
            "select ruleset_id, status, households_total, persons_evaluated from evaluations where source_batch_id = $1 and trigger = 'changeset' order by ruleset_id", batchId);
        evaluations.ShouldBe([
            ["round-2017", "completed", 30, 90],
            ["round-2018", "completed", 30, 90],
            ["round-2022", "completed", 30, 90],
        ]);
        (await ScalarAsync(dataSource, "select count(*)::int from touched_households_pending")).ShouldBe(0);
        (await ScalarAsync(dataSource, "select count(*)::int from determinations")).ShouldBe(3 * 90);
    }

    [Fact]
    public async Task Province_counts_kept_from_each_change_set_equal_a_count_of_every_determination()
    {
        await using var host = await ChangeSetHost.StartAsync(infrastructure, "eligibility_province_counts");
        var dataSource = host.DataSource;

        var registered = ChangeSetBenchmarks.Generate(300, "counts");
        await host.PublishAsync(registered);
        (await CountsDifferingFromAScanAsync(dataSource)).ShouldBe(0);
        (await RegistrantsDifferingFromAScanAsync(dataSource)).ShouldBe(0);
        (await ScalarAsync(dataSource, "select sum(registrants)::int from province_registrants")).ShouldBe(300);

        // The same people again, everyone in province 10 moved to 96: their old province loses them.
        var moved = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(registered)
            .Replace("\"provinceCode\":\"10\"", "\"provinceCode\":\"96\"", StringComparison.Ordinal));
        await host.PublishAsync(moved);
        (await ScalarAsync(dataSource, "select registrants from province_counts where ruleset_id = 'round-2022' and province_code = '10'")).ShouldBe(0);
        (await ScalarAsync(dataSource, "select registrants from province_counts where ruleset_id = 'round-2022' and province_code = '96'")).ShouldBeGreaterThan(0);
        (await CountsDifferingFromAScanAsync(dataSource)).ShouldBe(0);
        (await RegistrantsDifferingFromAScanAsync(dataSource)).ShouldBe(0);
        (await ScalarAsync(dataSource, "select count(*)::int from province_registrants where province_code = '10' and registrants > 0")).ShouldBe(0);

        // Older facts than those kept change nothing (the upsert keeps the newer), so they count nothing;
        // newer ones that flip every card holder move the holders' count.
        var holders = await ScalarAsync(dataSource, "select sum(holders)::int from province_registrants");
        var older = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(moved)
            .Replace("\"asOf\":\"2022-09-30\"", "\"asOf\":\"2022-01-31\"", StringComparison.Ordinal)
            .Replace("\"provinceCode\":\"96\"", "\"provinceCode\":\"11\"", StringComparison.Ordinal));
        await host.PublishAsync(older);
        (await RegistrantsDifferingFromAScanAsync(dataSource)).ShouldBe(0);
        (await ScalarAsync(dataSource, "select count(*)::int from person_facts where province_code = '96'")).ShouldBeGreaterThan(0);
        var flipped = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(moved)
            .Replace("\"cardHolder\":true", "\"cardHolder\":maybe", StringComparison.Ordinal)
            .Replace("\"cardHolder\":false", "\"cardHolder\":true", StringComparison.Ordinal)
            .Replace("\"cardHolder\":maybe", "\"cardHolder\":false", StringComparison.Ordinal));
        await host.PublishAsync(flipped);
        (await RegistrantsDifferingFromAScanAsync(dataSource)).ShouldBe(0);
        (await ScalarAsync(dataSource, "select sum(holders)::int from province_registrants")).ShouldBe(300 - holders);

        // A full run counts again from scratch: the same numbers.
        var version = await ScalarAsync(dataSource, "select version from rulesets where ruleset_id = 'round-2022'");
        var full = await host.Eligibility.Services.GetRequiredService<WelfarePlatform.Eligibility.Evaluations.EvaluationStore>()
            .QueueFullAsync("round-2022", version, new DateOnly(2022, 12, 1), CancellationToken.None);
        await TestPlatform.EventuallyAsync(
            async () => (await RowsAsync(dataSource, "select status from evaluations where evaluation_id = $1", full)).SingleOrDefault(row => (string)row[0] == "completed"),
            TimeSpan.FromSeconds(60), "the full re-evaluation");
        (await CountsDifferingFromAScanAsync(dataSource)).ShouldBe(0);
        (await ScalarAsync(dataSource, "select count(*)::int from province_counts where ruleset_id = 'round-2022' and province_code = '10'")).ShouldBe(0);
    }

    /// <summary>Provinces whose kept registrants or holders differ from a count of the facts, either way.</summary>
    private static Task<int> RegistrantsDifferingFromAScanAsync(NpgsqlDataSource dataSource) => ScalarAsync(dataSource,
        """
        with scanned as (
            select province_code, count(*)::int, (count(*) filter (where card_holder))::int from person_facts group by province_code
        ), kept as (
            select province_code, registrants, holders from province_registrants where registrants <> 0
        )
        select ((select count(*) from (select * from scanned except select * from kept) a) + (select count(*) from (select * from kept except select * from scanned) b))::int
        """);

    /// <summary>Rows of the kept counts (every ruleset) that a count of the determinations does not give, and the other way round.</summary>
    internal static Task<int> CountsDifferingFromAScanAsync(NpgsqlDataSource dataSource) => ScalarAsync(dataSource,
        """
        with scanned as (
            select ruleset_id, province_code, count(*)::int as registrants, (count(*) filter (where card_holder))::int as holders,
                   (count(*) filter (where outcome = 'eligible'))::int as eligible, (count(*) filter (where outcome = 'ineligible'))::int as ineligible,
                   (count(*) filter (where outcome = 'unknown'))::int as unknown, (count(*) filter (where card_holder and outcome = 'ineligible'))::int as inclusion,
                   (count(*) filter (where not card_holder and outcome = 'eligible'))::int as exclusion, (count(*) filter (where stale))::int as stale
            from determinations group by ruleset_id, province_code
        ), kept as (
            select ruleset_id, province_code, registrants, holders, eligible, ineligible, unknown, inclusion_errors, exclusion_errors, stale
            from province_counts where registrants <> 0
        ), failed_scanned as (
            select ruleset_id, province_code, failed, count(*)::int from determinations, unnest(failed_criteria) as failed group by 1, 2, 3
        ), failed_kept as (
            select ruleset_id, province_code, criterion, people from province_failed_counts where people <> 0
        )
        select ((select count(*) from (select * from scanned except select * from kept) a) + (select count(*) from (select * from kept except select * from scanned) b)
              + (select count(*) from (select * from failed_scanned except select * from failed_kept) c) + (select count(*) from (select * from failed_kept except select * from failed_scanned) d))::int
        """);

    [Fact]
    public async Task An_evaluation_a_crashed_replica_left_running_is_taken_over_when_its_lease_ends()
    {
        await using var host = await ChangeSetHost.StartAsync(infrastructure, "eligibility_taken_over_changeset");
        var dataSource = host.DataSource;
        var batchId = await host.PublishAsync(ChangeSetBenchmarks.Generate(30, "crash"));

        // What a replica killed mid-evaluation leaves: the households of a change set and its
        // evaluation claimed ("running") under a lease that has run out; no event, no determinations
        // from it. Two people's determinations are gone, as if this change set had registered them.
        var crashed = Guid.NewGuid();
        var touchedSet = Guid.NewGuid();
        await ExecuteAsync(dataSource,
            "insert into touched_households_pending (touched_set, hid) select distinct $1, hid from person_facts order by hid limit 1", touchedSet);
        await ExecuteAsync(dataSource,
            "delete from determinations where ruleset_id = 'round-2022' and pid in (select pid from person_facts where hid = (select hid from touched_households_pending where touched_set = $1))",
            touchedSet);
        await ExecuteAsync(dataSource,
            """
            insert into evaluations (evaluation_id, ruleset_id, ruleset_version, trigger, source_batch_id, as_of, evaluation_date, status, households_total,
                attempts, lease_until, touched_set, correlation_id)
            select $1, 'round-2022', version, 'changeset', $2, date '2022-09-30', date '2022-12-01', 'running', 1, 1, now() - interval '1 minute', $3, $2
            from rulesets where ruleset_id = 'round-2022'
            """, crashed, batchId, touchedSet);

        var status = await TestPlatform.EventuallyAsync(
            async () => (await RowsAsync(dataSource, "select status, attempts, persons_evaluated, changed from evaluations where evaluation_id = $1", crashed))
                .SingleOrDefault(row => (string)row[0]! == "completed"),
            TimeSpan.FromSeconds(60), "the crashed replica's evaluation to be taken over and completed");
        status.ShouldBe(["completed", 2, 3, 3]);
        (await ScalarAsync(dataSource, "select count(*)::int from determinations where ruleset_id = 'round-2022'")).ShouldBe(30);
        (await ScalarAsync(dataSource, "select count(*)::int from touched_households_pending")).ShouldBe(0);
        (await ScalarAsync(dataSource,
            "select count(*)::int from outbox_messages where message_type like 'WelfarePlatform.Contracts.DeterminationsChanged,%' and (body ->> 'evaluationId')::uuid = $1",
            crashed)).ShouldBe(1);
    }

    private static async Task<List<object[]>> RowsAsync(NpgsqlDataSource dataSource, string sql, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var rows = new List<object[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<int> ScalarAsync(NpgsqlDataSource dataSource, string sql, params object[] parameters) =>
        (int)(await RowsAsync(dataSource, sql, parameters)).Single()[0]!;

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, params object[] parameters) => await RowsAsync(dataSource, sql, parameters);
}
