using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WelfarePlatform.ServiceDefaults.Messaging;

/// <summary>
/// Publishes outbox rows in commit order, waiting for the broker's confirm before stamping a row
/// sent. Rows are claimed with <c>for update skip locked</c>, so every replica may run a dispatcher
/// and no row is published by two of them at once. A crash between the confirm and the stamp
/// publishes the row again with the same message id; consumers' inboxes drop the repeat.
/// Between batches it waits for the <see cref="Channel"/> notification that a commit with outbox
/// rows sends, or for the poll interval when none comes (a notification can be missed while the
/// listening connection is away).
/// </summary>
public sealed partial class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    IBus bus,
    IConfiguration configuration,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    public const string MeterName = "WelfarePlatform.Outbox";

    /// <summary>The PostgreSQL notification channel a transaction that queued outbox rows notifies at commit.</summary>
    public const string Channel = "outbox_messages";
    private const int BatchSize = 100;
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Published = Meter.CreateCounter<long>("outbox.messages.published");
    private static readonly ConcurrentDictionary<string, Type> MessageTypes = new();

    private readonly TimeSpan idleDelay = configuration.GetValue("Messaging:OutboxPollInterval", TimeSpan.FromMilliseconds(200));
    private readonly TimeSpan retention = configuration.GetValue("Messaging:Retention", TimeSpan.FromDays(7));
    private readonly TimeSpan publishTimeout = TimeSpan.FromSeconds(30);
    private NpgsqlConnection? listener;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var nextCleanup = DateTimeOffset.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await DispatchBatchAsync(stoppingToken);
                failures = 0;
                if (DateTimeOffset.UtcNow >= nextCleanup)
                {
                    nextCleanup = DateTimeOffset.UtcNow.AddMinutes(10);
                    await DeleteExpiredAsync(stoppingToken);
                }

                if (published < BatchSize)
                {
                    await WaitForNewRowsAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Broker or database away: keep the rows, back off, try again. Nothing is lost.
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * Math.Pow(2, Math.Min(failures, 6))));
                LogDispatchFailed(logger, e, failures, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    /// <summary>Waits until a commit notifies new rows, or the poll interval passes.</summary>
    private async Task WaitForNewRowsAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (listener is null)
            {
                listener = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var listen = new NpgsqlCommand($"listen {Channel}", listener);
                await listen.ExecuteNonQueryAsync(cancellationToken);
            }

            await listener.WaitAsync(idleDelay, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException)
        {
            // The database went away: poll until it is back, then listen again.
            await DisposeListenerAsync();
            await Task.Delay(idleDelay, cancellationToken);
        }
    }

    private async Task DisposeListenerAsync()
    {
        if (listener is not null)
        {
            await listener.DisposeAsync();
            listener = null;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await DisposeListenerAsync();
    }

    /// <summary>Publishes up to one batch of unsent rows; returns how many were published.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var pending = await ClaimAsync(connection, transaction, cancellationToken);
        if (pending.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        var sent = new List<long>(pending.Count);
        try
        {
            foreach (var row in pending)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(publishTimeout);
                var type = MessageTypes.GetOrAdd(row.MessageType, ResolveType);
                var message = JsonSerializer.Deserialize(row.Body, type, Outbox.SerializerOptions)!;
                await bus.Publish(message, type, context =>
                {
                    context.MessageId = row.MessageId;
                    context.CorrelationId = row.CorrelationId;
                }, timeout.Token);
                sent.Add(row.Sequence);
            }
        }
        finally
        {
            // Stamp what the broker confirmed even when a later row failed.
            await MarkSentAsync(connection, transaction, sent, CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            Published.Add(sent.Count);
        }

        return sent.Count;
    }

    private static async Task<List<PendingMessage>> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select sequence, message_id, message_type, body::text, correlation_id
            from outbox_messages
            where sent_at is null
            order by sequence
            limit {BatchSize}
            for update skip locked
            """, connection, transaction);
        var rows = new List<PendingMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PendingMessage(
                reader.GetInt64(0),
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetGuid(4)));
        }

        return rows;
    }

    private static async Task MarkSentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<long> sequences, CancellationToken cancellationToken)
    {
        if (sequences.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            "update outbox_messages set sent_at = now(), attempts = attempts + 1 where sequence = any($1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = sequences.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes sent outbox rows and inbox ids older than the retention (7 days by default).</summary>
    internal async Task DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var sql in (string[])["delete from outbox_messages where sent_at < now() - $1", "delete from inbox_messages where handled_at < now() - $1"])
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = retention });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Type ResolveType(string name) =>
        Type.GetType(name, throwOnError: false)
        ?? throw new InvalidOperationException($"Outbox row names message type '{name}', which this service cannot load.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed ({Failures} in a row); retrying in {DelayMs} ms")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, int failures, double delayMs);

    private sealed record PendingMessage(long Sequence, Guid MessageId, string MessageType, string Body, Guid? CorrelationId);
}
