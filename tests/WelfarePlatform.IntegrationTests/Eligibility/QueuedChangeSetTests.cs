using Azure.Storage.Blobs;
using MassTransit;
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
        var settings = await TestPlatform.SettingsAsync(infrastructure, "eligibility_queued_changeset", "eligibilitydb");
        settings["Eligibility:EvaluationDate"] = "2022-12-01";
        await using var eligibility = new ServiceHost<EligibilityApp>(settings);
        _ = eligibility.Server;
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:eligibilitydb"]);
        var container = eligibility.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient("queued-changesets");
        await container.CreateIfNotExistsAsync();

        var (batchId, _) = await ChangeSetBenchmarks.PublishAndWaitAsync(
            container, eligibility.Services.GetRequiredService<IBus>(), dataSource, ChangeSetBenchmarks.Generate(90, "queued"));

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
    public async Task An_evaluation_a_crashed_replica_left_running_is_taken_over_when_its_lease_ends()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, "eligibility_taken_over_changeset", "eligibilitydb");
        settings["Eligibility:EvaluationDate"] = "2022-12-01";
        await using var eligibility = new ServiceHost<EligibilityApp>(settings);
        _ = eligibility.Server;
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:eligibilitydb"]);
        var container = eligibility.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient("taken-over-changesets");
        await container.CreateIfNotExistsAsync();
        var (batchId, _) = await ChangeSetBenchmarks.PublishAndWaitAsync(
            container, eligibility.Services.GetRequiredService<IBus>(), dataSource, ChangeSetBenchmarks.Generate(30, "crash"));

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
