using System.Threading.Channels;
using WelfarePlatform.DashboardApi.Client;

namespace WelfarePlatform.IntegrationTests.DashboardApi;

/// <summary>Reads a dashboard-api change stream in the background and lets a test wait for a read model's next change.</summary>
internal sealed class StreamWatcher : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Channel<ReadModelChange> changes = Channel.CreateUnbounded<ReadModelChange>();
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task reading;
    private readonly List<ReadModelChange> skipped = [];

    private StreamWatcher(IDashboardApiClient client)
    {
        reading = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in client.ReadChangesAsync(() => connected.TrySetResult(), stop.Token))
                {
                    changes.Writer.TryWrite(change);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception exception)
            {
                connected.TrySetException(exception);
                changes.Writer.TryComplete(exception);
            }
        });
    }

    /// <summary>Opens the stream and waits for the server's <c>: connected</c>, so nothing published afterwards is missed.</summary>
    public static async Task<StreamWatcher> OpenAsync(IDashboardApiClient client)
    {
        var watcher = new StreamWatcher(client);
        await watcher.connected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return watcher;
    }

    /// <summary>The next change of <paramref name="readModel"/>; changes of other read models stay queued for their own waits.</summary>
    public async Task<ReadModelChange> NextAsync(string readModel, TimeSpan timeout)
    {
        if (skipped.FirstOrDefault(change => change.ReadModel == readModel) is { } earlier)
        {
            skipped.Remove(earlier);
            return earlier;
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var change = await changes.Reader.ReadAsync(deadline.Token);
                if (change.ReadModel == readModel)
                {
                    return change;
                }

                skipped.Add(change);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No '{readModel}' change on the stream within {timeout.TotalSeconds:0} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await reading.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }
}
