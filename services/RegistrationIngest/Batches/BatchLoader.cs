using System.Text;
using Azure.Storage.Blobs;
using Npgsql;
using WelfarePlatform.Contracts;
using WelfarePlatform.RegistrationIngest.Batches.Kinds;
using WelfarePlatform.RegistrationIngest.Sources;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>
/// Loads a batch of any kind from its kept raw file in one transaction: rows are checked and copied
/// (binary COPY) into a staging table, merged set-based, and the change set and the completion event
/// are written before the commit. All of a batch becomes visible together, or none of it; a worker
/// killed mid-batch leaves nothing behind, and the batch is redone from the raw file.
/// </summary>
internal sealed partial class BatchLoader(
    NpgsqlDataSource dataSource,
    RawFileStore rawFiles,
    BlobServiceClient blobs,
    BatchStore store,
    IEnumerable<IBatchKind> kinds,
    Outbox outbox,
    TimeProvider clock,
    IConfiguration configuration,
    SourceCadence cadence,
    ILogger<BatchLoader> logger)
{
    private readonly Dictionary<string, IBatchKind> kindsByName = kinds.ToDictionary(k => k.Kind);
    private readonly TimeSpan progressInterval = TimeSpan.FromSeconds(configuration.GetValue("Batches:ProgressSeconds", 10.0));

    public async Task<BatchOutcome> LoadAsync(ClaimedBatch batch, CancellationToken cancellationToken)
    {
        var kind = kindsByName[batch.Kind];
        var outcome = new BatchOutcome();
        // The rejects' spool is deleted once they are saved (or the attempt ends); their counts stay.
        using var rejects = outcome.Rejects;
        await using (var progress = new BatchProgress(store, batch, outcome, progressInterval, logger))
        {
            using var loading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, progress.Lost);
            try
            {
                await LoadAsync(kind, batch, outcome, loading.Token);
            }
            catch (OperationCanceledException) when (progress.Lost.IsCancellationRequested)
            {
                throw new LostBatchLeaseException(batch);
            }
        }

        return outcome;
    }

    private async Task LoadAsync(IBatchKind kind, ClaimedBatch batch, BatchOutcome outcome, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var direct = await kind.PrepareAsync(batch, connection, transaction, cancellationToken);
        await using var changes = new ChangeSetWriter(batch.Kind, batch.BatchId);

        var staging = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            outcome.Error = await StageAsync(kind, batch, connection, direct, outcome, changes, cancellationToken);
            if (outcome.Error is null)
            {
                outcome.Timed(direct ? "staged straight into the table" : "staged", staging.Elapsed);
                await MergeAndCommitAsync(kind, batch, outcome, connection, transaction, direct, changes, cancellationToken);
                return;
            }
        }
        catch (DecoderFallbackException e)
        {
            outcome.Error = $"The file is not valid {batch.Charset}: bytes {Convert.ToHexString(e.BytesUnknown ?? [])} cannot be decoded. Declare the right charset (utf-8, windows-874 or tis-620) in Content-Type.";
        }
        catch (PostgresException e) when (e.SqlState[..2] is DataException or LimitExceeded)
        {
            // Retrying cannot change the server's mind about the data: without this the batch was
            // retried each time its lease ran out, for ever, and never said why.
            outcome.Error = $"The database refused the file's data ({e.SqlState}: {e.MessageText}), so nothing of it is loaded. Correct the file and post it again; the rejected value is in the service's log.";
            LogRefused(logger, batch.BatchId, e);
        }

        // Nothing of a failed file is loaded: its counts and rejects are dropped with the staging.
        if (transaction.Connection is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
        }

        var failed = BatchOutcome.Failed(outcome.Error);
        await using var failure = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var failureTransaction = await failure.BeginTransactionAsync(cancellationToken);
        await BatchStore.SaveOutcomeAsync(failure, failureTransaction, batch, failed, cancellationToken);
        await failureTransaction.CommitAsync(cancellationToken);
    }

    // PostgreSQL's error classes that say the data itself is refused (SQLSTATE's first two
    // characters). Not class 23: a unique violation can be a race with another replica, which a retry settles.
    private const string DataException = "22";
    private const string LimitExceeded = "54";

    private async Task MergeAndCommitAsync(IBatchKind kind, ClaimedBatch batch, BatchOutcome outcome, NpgsqlConnection connection, NpgsqlTransaction transaction, bool direct, ChangeSetWriter changes, CancellationToken cancellationToken)
    {
        var gc = GC.GetGCMemoryInfo();
        LogMemory(logger, batch.BatchId, gc.HeapSizeBytes >> 20, gc.FragmentedBytes >> 20, gc.TotalCommittedBytes >> 20, Environment.WorkingSet >> 20);
        outcome.Phase = "merging";
        var phase = System.Diagnostics.Stopwatch.StartNew();
        // After a direct load the change set is complete: it is kept while the table is finished.
        var upload = direct ? changes.UploadAsync(blobs, cancellationToken) : null;
        try
        {
            await kind.MergeAsync(batch, connection, transaction, direct, outcome, changes, cancellationToken);
        }
        catch when (upload is not null)
        {
            await upload.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }

        outcome.Timed("merged", phase.Elapsed);
        outcome.Phase = "keeping the change set and committing";
        phase.Restart();
        var changeSetBlob = await (upload ?? changes.UploadAsync(blobs, cancellationToken));
        await BatchStore.SaveOutcomeAsync(connection, transaction, batch, outcome, cancellationToken);
        await EnqueueCompletedAsync(batch, outcome, changeSetBlob, changes.Lines, connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outcome.Timed("change set kept and committed", phase.Elapsed);
        LogPhases(logger, batch.BatchId, outcome.PhaseSummary());
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {BatchId} failed: the database refused its data")]
    private static partial void LogRefused(ILogger logger, Guid batchId, Exception exception);

    /// <summary>Where a batch's memory is when its rows are staged: the managed heap at the last GC, or the rest of the process.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} memory after staging: managed heap {HeapMb} MB ({FragmentedMb} MB of it free fragments), GC committed {CommittedMb} MB, process working set {WorkingSetMb} MB")]
    private static partial void LogMemory(ILogger logger, Guid batchId, long heapMb, long fragmentedMb, long committedMb, long workingSetMb);

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} phases: {Phases}")]
    private static partial void LogPhases(ILogger logger, Guid batchId, string phases);

    /// <summary>Reads the header and stages the rows; answers the file-level failure, or null.</summary>
    private async Task<string?> StageAsync(IBatchKind kind, ClaimedBatch batch, NpgsqlConnection connection, bool direct, BatchOutcome outcome, ChangeSetWriter changes, CancellationToken cancellationToken)
    {
        await using var raw = await rawFiles.OpenAsync(batch.RawBlob, cancellationToken);
        using var text = new StreamReader(raw, BatchCharsets.StrictEncoding(batch.Charset), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var records = new CsvRecordReader(text);
        if (!records.TryRead(out var headerRecord))
        {
            return "The file is empty: a header row and data rows are expected.";
        }

        var header = CsvHeader.Parse(headerRecord.Fields, kind.KnownColumns);
        var missing = header.Missing(kind.RequiredColumns).ToList();
        if (missing.Count == kind.RequiredColumns.Count)
        {
            return $"The first row is not a header: none of the required columns ({string.Join(", ", kind.RequiredColumns)}) is in it.";
        }

        if (missing.Count > 0)
        {
            return $"Required column(s) missing from the header: {string.Join(", ", missing)}.";
        }

        if (header.UnknownColumns.Count > 0)
        {
            outcome.Warnings.Add($"Unknown columns ignored: {string.Join(", ", header.UnknownColumns)}");
        }

        await kind.StageAsync(records, header, batch, connection, direct, outcome, changes, cancellationToken);
        return null;
    }

    private async Task EnqueueCompletedAsync(ClaimedBatch batch, BatchOutcome outcome, string changeSetBlob, int changeSetLines, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var completed = new RegistryBatchCompleted
        {
            // Derived from the batch, so a redone batch writes the same event id and consumers drop the repeat.
            EventId = batch.BatchId,
            CorrelationId = batch.BatchId,
            BatchId = batch.BatchId,
            Kind = batch.Kind,
            Source = batch.Source,
            AsOf = batch.AsOf,
            RowsRead = outcome.RowsRead,
            RowsAccepted = outcome.RowsAccepted,
            RowsRejected = outcome.Rejects.Count,
            ChangedPersons = changeSetLines,
            ChangeSetBlob = changeSetBlob,
            SourceCadenceDays = cadence.DaysFor(batch.Source),
            CompletedAt = clock.GetUtcNow(),
        };
        await outbox.EnqueueAsync(connection, transaction, completed, completed.EventId, completed.CorrelationId, cancellationToken);
    }
}
