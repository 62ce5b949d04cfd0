namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>
/// While a batch loads, reports its rows read so far every interval, in its status and in the log,
/// and renews the worker's lease as it does, so another replica takes the batch over only when this
/// worker has died. Written outside the batch's transaction, so the status shows progress before the
/// commit. When another worker has taken the batch over, <see cref="Lost"/> is cancelled.
/// </summary>
internal sealed partial class BatchProgress : IAsyncDisposable
{
    private readonly BatchStore store;
    private readonly ClaimedBatch batch;
    private readonly BatchOutcome outcome;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource lost = new();
    private readonly Task heartbeat;

    public BatchProgress(BatchStore store, ClaimedBatch batch, BatchOutcome outcome, TimeSpan interval, ILogger logger)
    {
        this.store = store;
        this.batch = batch;
        this.outcome = outcome;
        this.logger = logger;
        heartbeat = BeatAsync(interval);
    }

    /// <summary>Cancelled when this worker's lease was lost to another.</summary>
    public CancellationToken Lost => lost.Token;

    private async Task BeatAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                // Counts read while the loader writes them: a moment's snapshot is all progress needs.
                var (read, accepted, rejected) = (outcome.RowsRead, outcome.RowsAccepted, outcome.RejectedCount);
                LogProgress(logger, batch.BatchId, outcome.Phase, read, accepted, rejected);
                await store.ReportProgressAsync(batch, read, accepted, rejected, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (LostBatchLeaseException e)
        {
            LogLost(logger, e);
            await lost.CancelAsync();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // A missed beat only risks the lease; the loader's own commit is fenced.
            LogBeatFailed(logger, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await heartbeat;
        stop.Dispose();
        lost.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} {Phase}: {RowsRead} rows read so far, {RowsAccepted} accepted, {RowsRejected} rejected")]
    private static partial void LogProgress(ILogger logger, Guid batchId, string phase, int rowsRead, int rowsAccepted, int rowsRejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the batch's lease; stopping this attempt")]
    private static partial void LogLost(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report batch progress")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);
}
