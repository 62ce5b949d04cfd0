using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.ServiceDefaults.Messaging;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests;

/// <summary>An event a test writes to the outbox and receives back.</summary>
public sealed record ProbeEvent(int Sequence);

/// <summary>Records each probe once, through the inbox, and counts raw deliveries.</summary>
public sealed class ProbeConsumer(Inbox inbox, DeliveryCounter deliveries) : IConsumer<ProbeEvent>
{
    public async Task Consume(ConsumeContext<ProbeEvent> context)
    {
        Interlocked.Increment(ref deliveries.Count);
        await inbox.HandleOnceAsync(context.MessageId!.Value, nameof(ProbeConsumer), async (connection, transaction, cancellationToken) =>
        {
            await using var insert = new NpgsqlCommand("insert into probe_received (sequence) values ($1)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = context.Message.Sequence });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }, context.CancellationToken);
    }
}

public sealed class DeliveryCounter
{
    public int Count;
}

/// <summary>A host with the outbox, the inbox and <see cref="ProbeConsumer"/> over its own database, which has a probe_received table.</summary>
internal static class ProbeHost
{
    public static async Task<(IHost Host, NpgsqlDataSource DataSource)> StartAsync(InfrastructureFixture infrastructure, string database, string brokerConnectionString, string outboxPollInterval)
    {
        var connectionString = await infrastructure.Postgres.CreateDatabaseAsync(database);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync("platform", typeof(SchemaMigrator).Assembly);
        await dataSource.CreateCommand("create table probe_received (sequence int not null)").ExecuteNonQueryAsync();

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:probedb"] = connectionString,
            ["ConnectionStrings:messaging"] = brokerConnectionString,
            ["Messaging:OutboxPollInterval"] = outboxPollInterval,
        });
        builder.AddNpgsqlDataSource("probedb");
        builder.AddMessaging(bus => bus.AddConsumer<ProbeConsumer>());
        builder.Services.AddSingleton<DeliveryCounter>();
        var host = builder.Build();
        await host.StartAsync();
        return (host, dataSource);
    }
}

/// <summary>
/// The outbox and inbox keep their promise when the broker goes away: events written while
/// RabbitMQ is stopped are published once it is back, and each is applied exactly once.
/// This class has its own RabbitMQ, since it stops it.
/// </summary>
public sealed class OutboxDeliveryTests(InfrastructureFixture infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    private const int EventCount = 300;
    private readonly RabbitMqServer broker = new();
    private IHost host = null!;
    private NpgsqlDataSource dataSource = null!;

    public async ValueTask InitializeAsync()
    {
        await broker.StartAsync();
        (host, dataSource) = await ProbeHost.StartAsync(infrastructure, "outbox_delivery", broker.ConnectionString, "00:00:00.050");
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await dataSource.DisposeAsync();
        await broker.DisposeAsync();
    }

    [Fact]
    public async Task Events_written_while_RabbitMQ_is_down_are_delivered_once_it_is_back()
    {
        var outbox = host.Services.GetRequiredService<Outbox>();
        var writer = Task.Run(async () =>
        {
            for (var sequence = 1; sequence <= EventCount; sequence++)
            {
                await WriteEventAsync(outbox, sequence);
                await Task.Delay(20);
            }
        });

        await TestPlatform.EventuallyAsync(async () => await ReceivedAsync() >= 50 ? "" : null, TimeSpan.FromSeconds(60), "the first 50 events");
        await broker.StopAsync();
        var receivedWhileDown = await ReceivedAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        var unsentWhileDown = await ScalarAsync("select count(*) from outbox_messages where sent_at is null");
        await broker.StartAsync();
        await writer;

        await TestPlatform.EventuallyAsync(async () => await ReceivedAsync() >= EventCount ? "" : null, TimeSpan.FromSeconds(120), $"all {EventCount} events after the broker restart");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a late duplicate would land here

        output.WriteLine($"received before the stop: {receivedWhileDown}; unsent while down: {unsentWhileDown}; deliveries: {host.Services.GetRequiredService<DeliveryCounter>().Count}");
        unsentWhileDown.ShouldBeGreaterThan(0, "events were written while the broker was down");
        (await ScalarAsync("select count(*) from probe_received")).ShouldBe(EventCount);
        (await ScalarAsync("select count(distinct sequence) from probe_received")).ShouldBe(EventCount);
        (await ScalarAsync("select count(*) from outbox_messages where sent_at is null")).ShouldBe(0);
    }

    [Fact]
    public async Task Sent_events_and_inbox_ids_older_than_the_retention_are_deleted_and_newer_ones_kept()
    {
        await dataSource.CreateCommand(
            """
            insert into outbox_messages (message_id, message_type, body, created_at, sent_at) values
                (gen_random_uuid(), 'old', '{}', now() - interval '8 days', now() - interval '8 days'),
                (gen_random_uuid(), 'recent', '{}', now() - interval '1 day', now() - interval '1 day'),
                (gen_random_uuid(), 'unsent', '{}', now() - interval '30 days', null);
            insert into inbox_messages (message_id, consumer, handled_at) values
                (gen_random_uuid(), 'old', now() - interval '8 days'),
                (gen_random_uuid(), 'recent', now() - interval '1 day');
            """).ExecuteNonQueryAsync();

        var dispatcher = host.Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
        await dispatcher.DeleteExpiredAsync(CancellationToken.None);

        (await ScalarAsync("select count(*) from outbox_messages where message_type in ('old', 'recent', 'unsent')")).ShouldBe(2);
        (await ScalarAsync("select count(*) from outbox_messages where message_type = 'old'")).ShouldBe(0);
        (await ScalarAsync("select count(*) from inbox_messages where consumer in ('old', 'recent')")).ShouldBe(1);
    }

    private async Task WriteEventAsync(Outbox outbox, int sequence)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await outbox.EnqueueAsync(connection, transaction, new ProbeEvent(sequence), Guid.CreateVersion7());
        await transaction.CommitAsync();
    }

    private async Task<long> ReceivedAsync() => await ScalarAsync("select count(*) from probe_received");

    private async Task<long> ScalarAsync(string sql) => (long)(await dataSource.CreateCommand(sql).ExecuteScalarAsync())!;
}
