using System.Diagnostics;
using System.Threading.Channels;
using Npgsql;

namespace WelfarePlatform.RegistrationIngest.Batches.Kinds;

/// <summary>
/// The staging loop every kind shares: parse a row, reject it with its first broken rule, reject a
/// repeated key as DUPLICATE_IN_FILE, COPY the rest. A kind supplies the parser, the key and the row's COPY.
/// </summary>
internal abstract class BatchKind<TRow, TKey> : IBatchKind
    where TRow : class
    where TKey : notnull
{
    public abstract string Kind { get; }
    public abstract IReadOnlyList<string> RequiredColumns { get; }
    public virtual IReadOnlyList<string> KnownColumns => RequiredColumns;
    public abstract string CreateStagingSql { get; }

    /// <summary>The <c>copy ... from stdin (format binary)</c> statement into the staging table.</summary>
    protected abstract string CopySql { get; }

    /// <summary>The COPY statement of a direct load, for kinds whose <see cref="PrepareAsync"/> may choose one.</summary>
    protected virtual string DirectCopySql => throw new NotSupportedException($"{Kind} batches have no direct load.");

    /// <summary>Why a repeated key is rejected, e.g. "national_id appeared earlier in this file".</summary>
    protected abstract string DuplicateDetail { get; }

    protected abstract Func<IReadOnlyList<string>, RowResult<TRow>> CreateParser(CsvHeader header, DateOnly asOf);

    protected abstract TKey KeyOf(TRow row);

    /// <summary>
    /// The file's keys so far: adds one and answers false when it was already there. A kind whose
    /// key is a number gives a <see cref="KeySet"/>, which holds ten million keys in a fifth of the memory.
    /// </summary>
    protected virtual Func<TKey, bool> CreateSeenKeys() => new HashSet<TKey>().Add;

    /// <summary>
    /// The batch's staging row writer. Synchronous on purpose: Npgsql buffers rows, and an awaited
    /// call per field costs more than the rare flush. One per batch, so it may keep state (a cache).
    /// </summary>
    protected abstract Action<NpgsqlBinaryImporter, TRow> CreateRowWriter(ClaimedBatch batch, bool direct, ChangeSetWriter changes);

    public virtual async Task<bool> PrepareAsync(ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var staging = new NpgsqlCommand(CreateStagingSql, connection, transaction);
        await staging.ExecuteNonQueryAsync(cancellationToken);
        return false;
    }

    public abstract Task MergeAsync(ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction, bool direct, BatchOutcome outcome, ChangeSetWriter changes, CancellationToken cancellationToken);

    /// <summary>Accepted rows handed from the reader to the writer at a time.</summary>
    private const int ChunkRows = 256;

    /// <summary>
    /// Chunks in flight between them: bounds the rows held in memory, whatever the file's size. Kept
    /// small on purpose: rows in flight when the GC runs are promoted to older generations and die
    /// there; with 16,000 rows in flight the service's resident memory grew by some 20 MB per
    /// million rows (440 MB at 10 million).
    /// </summary>
    private const int ChunksInFlight = 4;

    /// <summary>
    /// Two stages on the two cores a service gets: one task reads, checks and de-duplicates rows (the
    /// rejects and their row numbers are its alone); this one hashes them and writes them to COPY and
    /// the change set, in the file's order. A bounded channel between them keeps memory flat.
    /// </summary>
    public async Task StageAsync(CsvRecordReader records, CsvHeader header, ClaimedBatch batch, NpgsqlConnection connection, bool direct, BatchOutcome outcome, ChangeSetWriter changes, CancellationToken cancellationToken)
    {
        var write = CreateRowWriter(batch, direct, changes);
        var chunks = Channel.CreateBounded<List<TRow>>(new BoundedChannelOptions(ChunksInFlight) { SingleReader = true, SingleWriter = true });
        await using var copy = await connection.BeginBinaryImportAsync(direct ? DirectCopySql : CopySql, cancellationToken);
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(() => ReadRowsAsync(records, header, batch, outcome, chunks.Writer, stopReading.Token), stopReading.Token);

        // Where staging's time goes, for the log: writing rows to the server (which includes waiting
        // for it when its side of the COPY is the slower), or waiting for the reader's rows.
        long writing = 0, waiting = 0;
        try
        {
            var waited = Stopwatch.GetTimestamp();
            await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken))
            {
                var writingStarted = Stopwatch.GetTimestamp();
                waiting += writingStarted - waited;
                foreach (var row in chunk)
                {
                    write(copy, row);
                }

                outcome.RowsAccepted += chunk.Count;
                waited = Stopwatch.GetTimestamp();
                writing += waited - writingStarted;
            }
        }
        catch
        {
            // The writer failed (the server refused, the batch was cancelled): stop the reader too.
            await stopReading.CancelAsync();
            await reader.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }

        // The reader's own failure (an undecodable byte) comes out here, as it would have from a single loop.
        var readingTime = await reader;
        var completing = Stopwatch.GetTimestamp();
        await copy.CompleteAsync(cancellationToken);
        outcome.Timed("read and check rows", readingTime);
        outcome.Timed("write rows to COPY", Stopwatch.GetElapsedTime(0, writing));
        outcome.Timed("writer waiting for rows", Stopwatch.GetElapsedTime(0, waiting));
        outcome.Timed("complete COPY", Stopwatch.GetElapsedTime(completing));
    }

    /// <summary>The reading stage: every row checked, each rejected one recorded, the accepted ones passed on in chunks. Answers its busy time.</summary>
    private async Task<TimeSpan> ReadRowsAsync(CsvRecordReader records, CsvHeader header, ClaimedBatch batch, BatchOutcome outcome, ChannelWriter<List<TRow>> chunks, CancellationToken cancellationToken)
    {
        var parse = CreateParser(header, batch.AsOf);
        var seen = CreateSeenKeys();
        long busy = 0;
        try
        {
            var chunk = new List<TRow>(ChunkRows);
            var start = Stopwatch.GetTimestamp();
            while (records.TryRead(out var record))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rowNumber = ++outcome.RowsRead;
                var result = parse(record.Fields);
                if (result.Row is not { } row)
                {
                    outcome.Rejects.Add(new RejectedRow(rowNumber, result.ReasonCode!, result.Detail!, record.Raw));
                }
                else if (!seen(KeyOf(row)))
                {
                    outcome.Rejects.Add(new RejectedRow(rowNumber, ReasonCodes.DuplicateInFile, DuplicateDetail, record.Raw));
                }
                else
                {
                    chunk.Add(row);
                    if (chunk.Count == ChunkRows)
                    {
                        busy += Stopwatch.GetTimestamp() - start;
                        await chunks.WriteAsync(chunk, cancellationToken);
                        chunk = new List<TRow>(ChunkRows);
                        start = Stopwatch.GetTimestamp();
                    }
                }
            }

            busy += Stopwatch.GetTimestamp() - start;
            if (chunk.Count > 0)
            {
                await chunks.WriteAsync(chunk, cancellationToken);
            }
        }
        finally
        {
            chunks.Complete();
        }

        return Stopwatch.GetElapsedTime(0, busy);
    }

    protected static long NationalIdNumber(string nationalId) => long.Parse(nationalId, System.Globalization.CultureInfo.InvariantCulture);
}
