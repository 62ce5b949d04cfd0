using Npgsql;
using WelfarePlatform.ServiceDefaults;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>
/// Loads queued batches one at a time. Claims go through the database, so several replicas can run
/// this side by side, and a batch whose worker died is taken over when its lease runs out.
/// </summary>
internal sealed partial class BatchProcessor(BatchStore store, BatchLoader loader, ILogger<BatchProcessor> logger) : BackgroundService
{
    private static readonly TimeSpan IdleDelay = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            ClaimedBatch? batch = null;
            try
            {
                batch = await store.ClaimNextAsync(stoppingToken);
                if (batch is null)
                {
                    await Task.Delay(IdleDelay, stoppingToken);
                    continue;
                }

                LogStarted(logger, batch.BatchId, batch.Kind, batch.Source);
                var outcome = await loader.LoadAsync(batch, stoppingToken);
                LogFinished(logger, batch.BatchId, outcome.RowsRead, outcome.RowsAccepted, outcome.Rejects.Count, outcome.Error ?? "none");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (LostBatchLeaseException e)
            {
                LogLostLease(logger, e);
            }
            catch (Exception e)
            {
                // Infrastructure trouble: the batch is tried again after a wait that grows with its attempts.
                LogFailed(logger, e);
                if (batch is not null)
                {
                    await RecordFailedAttemptAsync(batch, e, stoppingToken);
                }

                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    private async Task RecordFailedAttemptAsync(ClaimedBatch batch, Exception failure, CancellationToken stoppingToken)
    {
        try
        {
            // The status is read by the agencies that post files: what was down, not where, nor the exception (the log has both).
            var reason = failure is RawFileMissingException ? RawFileMissingException.Reason : UnavailableDependency.Outage(failure) ?? "the service failed (its log says why)";
            await store.RecordFailedAttemptAsync(batch, reason, stoppingToken);
        }
        catch (NpgsqlException e)
        {
            // The database is what failed: the status says nothing new, and the batch is tried again when its lease runs out.
            LogNotRecorded(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} ({Kind} from {Source}) loading")]
    private static partial void LogStarted(ILogger logger, Guid batchId, string kind, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} done: {RowsRead} read, {RowsAccepted} accepted, {RowsRejected} rejected; file error: {Error}")]
    private static partial void LogFinished(ILogger logger, Guid batchId, int rowsRead, int rowsAccepted, int rowsRejected, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another worker took the batch over; this attempt is rolled back")]
    private static partial void LogLostLease(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch processing failed; the batch will be retried")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the failed attempt in the batch's status")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception);
}
