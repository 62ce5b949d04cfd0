using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Messaging;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests;

/// <summary>
/// A commit that queues outbox rows wakes the dispatcher through PostgreSQL's LISTEN/NOTIFY, so an
/// event leaves at once instead of at the next poll: the poll interval here is ten minutes.
/// </summary>
public sealed class OutboxNotificationTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private IHost host = null!;
    private NpgsqlDataSource dataSource = null!;

    public async ValueTask InitializeAsync() =>
        (host, dataSource) = await ProbeHost.StartAsync(infrastructure, "outbox_notification", infrastructure.RabbitMq.ConnectionString, "00:10:00");

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        await dataSource.DisposeAsync();
    }

    [Fact]
    public async Task A_committed_event_is_published_at_once_not_at_the_next_poll()
    {
        // The dispatcher has polled once and is listening.
        await TestPlatform.EventuallyAsync(
            async () => await ScalarAsync($"select count(*) from pg_stat_activity where datname = current_database() and query = 'listen {OutboxDispatcher.Channel}'") > 0 ? "" : null,
            TimeSpan.FromSeconds(30), "the dispatcher's LISTEN");
        var outbox = host.Services.GetRequiredService<Outbox>();

        // A rolled-back event sends no notification and is never published.
        await using (var connection = await dataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await outbox.EnqueueAsync(connection, transaction, new ProbeEvent(0), Guid.CreateVersion7());
            await transaction.RollbackAsync();
        }

        var slowest = TimeSpan.Zero;
        for (var sequence = 1; sequence <= 5; sequence++)
        {
            var committed = Stopwatch.StartNew();
            await using (var connection = await dataSource.OpenConnectionAsync())
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await outbox.EnqueueAsync(connection, transaction, new ProbeEvent(sequence), Guid.CreateVersion7());
                await transaction.CommitAsync();
            }

            await TestPlatform.EventuallyAsync(
                async () => await ScalarAsync($"select count(*) from probe_received where sequence = {sequence}") == 1 ? "" : null,
                TimeSpan.FromSeconds(60), $"event {sequence}");
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, committed.Elapsed.Ticks));
        }

        // Far below the ten-minute poll: each event was sent on its commit's notification.
        slowest.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        (await ScalarAsync("select count(*) from probe_received")).ShouldBe(5);
        (await ScalarAsync("select count(*) from outbox_messages where sent_at is null")).ShouldBe(0);
    }

    private async Task<long> ScalarAsync(string sql) =>
        Convert.ToInt64(await dataSource.CreateCommand(sql).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
}
