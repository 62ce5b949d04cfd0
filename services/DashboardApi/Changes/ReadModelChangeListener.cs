using Npgsql;

namespace WelfarePlatform.DashboardApi.Changes;

/// <summary>
/// LISTENs on <see cref="ReadModelChanges.Channel"/> on a connection of its own and passes each
/// notification to the <see cref="ChangeBroadcaster"/>. When the connection breaks it reconnects and
/// tells the broadcaster that changes may have been missed (caches then drop everything).
/// </summary>
public sealed partial class ReadModelChangeListener(NpgsqlDataSource dataSource, ChangeBroadcaster broadcaster, ILogger<ReadModelChangeListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first LISTEN is in place.</summary>
    public Task Listening => listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, notification) =>
                {
                    if (ReadModelChanges.Deserialize(notification.Payload) is { } change)
                    {
                        broadcaster.Publish(change);
                    }
                };
                await using (var listen = new NpgsqlCommand($"listen {ReadModelChanges.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (!first)
                {
                    broadcaster.Publish(null);
                }

                first = false;
                listening.TrySetResult();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                LogListenFailed(logger, exception);
                broadcaster.Publish(null);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for read-model changes failed; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
