using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;
using WelfarePlatform.Contracts;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.Eligibility;

/// <summary>
/// Eligibility's share of dashboard-api's "completed batch to the stream in under 5 s" figure: a
/// WELFARE_BENCH_CHANGESET_PEOPLE (100,000) person registrations change set is published as
/// registration-ingest publishes it, and the time runs until the transaction that applies it has
/// committed eligibility's DeterminationsChanged outbox rows for every ruleset (the events the
/// dashboard waits for; the outbox dispatcher sends them next). Optionally on top of
/// WELFARE_BENCH_EXISTING_PEOPLE already registered. Prints the service's own phase timings too.
/// Opt-in with WELFARE_BENCH=1.
/// </summary>
public sealed class ChangeSetBenchmarks(InfrastructureFixture infrastructure, ITestOutputHelper output)
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("WELFARE_BENCH") == "1";
    private static readonly string[] Provinces = ["10", "11", "12", "13", "30", "40", "50", "57", "83", "90", "96"];

    [Fact]
    public async Task A_registrations_change_set_reaches_the_outbox()
    {
        Assert.SkipUnless(Enabled, "Benchmark: set WELFARE_BENCH=1 to run.");
        var people = Size("WELFARE_BENCH_CHANGESET_PEOPLE", 100_000);
        var existing = Size("WELFARE_BENCH_EXISTING_PEOPLE", 0);
        var settings = await TestPlatform.SettingsAsync(infrastructure, "eligibility_bench_changeset", "eligibilitydb");
        settings["Eligibility:EvaluationDate"] = "2022-12-01";
        var log = new CapturedServiceLog();
        await using var host = new ServiceHost<EligibilityApp>(settings);
        await using var eligibility = log.Start(host);
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:eligibilitydb"]);
        if (existing > 0)
        {
            await BenchmarkData.SeedFactsAsync(dataSource, existing);
        }

        var blobs = eligibility.Services.GetRequiredService<BlobServiceClient>();
        var bus = eligibility.Services.GetRequiredService<IBus>();
        var container = blobs.GetBlobContainerClient("bench-registrations");
        await container.CreateIfNotExistsAsync();

        // A small batch first: the service is warm (JIT, connections, prepared plans) as a running one is.
        await PublishAndWaitAsync(container, bus, dataSource, Generate(30, "warm"));

        var batch = Generate(people, "bench");
        var (batchId, times) = await PublishAndWaitAsync(container, bus, dataSource, batch);
        // The consumer and the worker log their phases just after their transactions commit.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var phases = string.Join(" | ", log.Lines.Where(l => l.Contains(batchId.ToString(), StringComparison.Ordinal)));
        // What the consumer's "copy change set" phase cannot go below: the download from Blob storage alone.
        var downloading = Stopwatch.StartNew();
        var download = await container.GetBlobClient($"{batchId}.jsonl").DownloadStreamingAsync();
        await download.Value.Content.CopyToAsync(Stream.Null);
        var downloaded = downloading.Elapsed;
        Report($"registrations change set, {people:N0} people ({existing:N0} already registered): publish → outbox rows of RegistrantsByProvinceChanged " +
            $"{times.Registrants.TotalSeconds:0.00} s, of the first DeterminationsChanged {times.FirstRuleset.TotalSeconds:0.00} s, of every ruleset's " +
            $"{times.Every.TotalSeconds:0.00} s (dashboard target for the whole path < 5 s). Downloading the change set ({batch.Length / 1e6:0.0} MB) alone takes {downloaded.TotalSeconds:0.00} s. Service phases: {(phases.Length == 0 ? "(not logged)" : phases)}");
    }

    internal static async Task<(Guid BatchId, (TimeSpan Registrants, TimeSpan FirstRuleset, TimeSpan Every) Times)> PublishAndWaitAsync(BlobContainerClient container, IBus bus, NpgsqlDataSource dataSource, byte[] changeSet)
    {
        var batchId = Guid.CreateVersion7();
        await container.GetBlobClient($"{batchId}.jsonl").UploadAsync(new BinaryData(changeSet), overwrite: true);
        int rulesets;
        await using (var count = dataSource.CreateCommand("select count(*)::int from rulesets"))
        {
            rulesets = (int)(await count.ExecuteScalarAsync())!;
        }

        var timer = Stopwatch.StartNew();
        await bus.Publish(new RegistryBatchCompleted
        {
            EventId = Guid.CreateVersion7(),
            CorrelationId = batchId,
            BatchId = batchId,
            Kind = "registrations",
            Source = "bench",
            AsOf = new DateOnly(2022, 9, 30),
            RowsRead = 0,
            RowsAccepted = 0,
            RowsRejected = 0,
            ChangedPersons = 0,
            ChangeSetBlob = $"{container.Name}/{batchId}.jsonl",
            CompletedAt = DateTimeOffset.UtcNow,
        });
        await using var published = dataSource.CreateCommand(
            """
            select count(*) filter (where message_type like 'WelfarePlatform.Contracts.RegistrantsByProvinceChanged,%')::int,
                   count(*) filter (where message_type like 'WelfarePlatform.Contracts.DeterminationsChanged,%')::int
            from outbox_messages where body ->> 'sourceBatchId' = $1
            """);
        published.Parameters.Add(new NpgsqlParameter { Value = batchId.ToString() });
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        TimeSpan? registrants = null, first = null;
        while (true)
        {
            await using var reader = await published.ExecuteReaderAsync();
            await reader.ReadAsync();
            var (registrantEvents, determinationEvents) = (reader.GetInt32(0), reader.GetInt32(1));
            registrants ??= registrantEvents > 0 ? timer.Elapsed : null;
            first ??= determinationEvents > 0 ? timer.Elapsed : null;
            if (registrants is not null && determinationEvents >= rulesets)
            {
                return (batchId, (registrants.Value, first!.Value, timer.Elapsed));
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "the change set's outbox rows");
            await Task.Delay(20);
        }
    }

    /// <summary>A change set as registration-ingest writes it: JSON lines, households of three, deterministic.</summary>
    internal static byte[] Generate(int people, string prefix)
    {
        var random = new Random(42);
        var lines = new StringBuilder(people * 330);
        for (var i = 0; i < people; i++)
        {
            var change = new RegistryChange
            {
                Pid = Hash($"{prefix}-p{i}"),
                Hid = Hash($"{prefix}-h{i / 3}"),
                ProvinceCode = Provinces[i / 3 % Provinces.Length],
                BirthDate = new DateOnly(1940, 1, 1).AddDays(random.Next(24_000)),
                Nationality = random.NextDouble() < 0.01 ? "LA" : "TH",
                Relationship = (i % 3) switch { 0 => "head", 1 => "spouse", _ => "child" },
                DeclaredIncome = Math.Round((decimal)(random.NextDouble() * 150_000), 2),
                CardHolder = random.NextDouble() < 0.6,
                AsOf = new DateOnly(2022, 9, 30),
            };
            lines.Append(JsonSerializer.Serialize(change, JsonSerializerOptions.Web)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(lines.ToString());
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private void Report(string line)
    {
        output.WriteLine(line);
        Console.WriteLine("BENCHMARK " + line);
    }

    private static int Size(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) ? size : fallback;
}
