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

    public async Task StageAsync(CsvRecordReader records, CsvHeader header, ClaimedBatch batch, NpgsqlConnection connection, bool direct, BatchOutcome outcome, ChangeSetWriter changes, CancellationToken cancellationToken)
    {
        var parse = CreateParser(header, batch.AsOf);
        var write = CreateRowWriter(batch, direct, changes);
        var seen = CreateSeenKeys();
        // Where staging's time goes, for the log: reading and checking rows, or writing them to the
        // server (which includes waiting for it when its side of the COPY is the slower).
        long reading = 0, writing = 0, start = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var copy = await connection.BeginBinaryImportAsync(direct ? DirectCopySql : CopySql, cancellationToken);
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
                var parsed = System.Diagnostics.Stopwatch.GetTimestamp();
                reading += parsed - start;
                write(copy, row);
                outcome.RowsAccepted++;
                start = System.Diagnostics.Stopwatch.GetTimestamp();
                writing += start - parsed;
            }
        }

        var completing = System.Diagnostics.Stopwatch.GetTimestamp();
        reading += completing - start;
        await copy.CompleteAsync(cancellationToken);
        outcome.Timed("read and check rows", System.Diagnostics.Stopwatch.GetElapsedTime(0, reading));
        outcome.Timed("write rows to COPY", System.Diagnostics.Stopwatch.GetElapsedTime(0, writing));
        outcome.Timed("complete COPY", System.Diagnostics.Stopwatch.GetElapsedTime(completing));
    }

    protected static long NationalIdNumber(string nationalId) => long.Parse(nationalId, System.Globalization.CultureInfo.InvariantCulture);
}
