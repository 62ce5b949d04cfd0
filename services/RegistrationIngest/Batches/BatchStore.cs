using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>The <c>batches</c> and <c>batch_rejects</c> tables.</summary>
internal sealed class BatchStore(NpgsqlDataSource dataSource, IConfiguration configuration)
{
    // A worker that dies mid-batch loses its claim after this long and another takes the batch over;
    // a live worker renews it as it reports progress (Batches:ProgressSeconds, shorter than the lease).
    private readonly TimeSpan lease = TimeSpan.FromSeconds(configuration.GetValue("Batches:LeaseSeconds", 600.0));

    public async Task<BatchStatus> CreateOrFindAsync(string kind, string source, DateOnly asOf, string charset, RawFile raw, CancellationToken cancellationToken)
    {
        // The same file sent again while its batch waits out a failed attempt (its file had been lost
        // from storage, and is kept again now): the next attempt starts at once, not after the wait.
        await using (var insert = dataSource.CreateCommand(
            """
            insert into batches (batch_id, kind, source, as_of, charset, content_sha256, raw_blob, status)
            values ($1, $2, $3, $4, $5, $6, $7, 'queued')
            on conflict (source, kind, content_sha256) do update set lease_until = now()
            where batches.status = 'processing' and batches.failed_attempt = batches.attempts and batches.lease_until > now()
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
            insert.Parameters.Add(new NpgsqlParameter { Value = kind });
            insert.Parameters.Add(new NpgsqlParameter { Value = source });
            insert.Parameters.Add(new NpgsqlParameter { Value = asOf });
            insert.Parameters.Add(new NpgsqlParameter { Value = charset });
            insert.Parameters.Add(new NpgsqlParameter { Value = raw.Sha256 });
            insert.Parameters.Add(new NpgsqlParameter { Value = raw.BlobName });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var find = dataSource.CreateCommand($"{SelectStatus} where source = $1 and kind = $2 and content_sha256 = $3");
        find.Parameters.Add(new NpgsqlParameter { Value = source });
        find.Parameters.Add(new NpgsqlParameter { Value = kind });
        find.Parameters.Add(new NpgsqlParameter { Value = raw.Sha256 });
        return (await ReadStatusAsync(find, cancellationToken))!;
    }

    public async Task<BatchStatus?> FindAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var find = dataSource.CreateCommand($"{SelectStatus} where batch_id = $1");
        find.Parameters.Add(new NpgsqlParameter { Value = batchId });
        return await ReadStatusAsync(find, cancellationToken);
    }

    /// <summary>
    /// Takes the oldest queued batch, or one whose worker's lease ran out, for this worker.
    /// <c>skip locked</c> lets replicas claim different batches at the same time.
    /// </summary>
    public async Task<ClaimedBatch?> ClaimNextAsync(CancellationToken cancellationToken)
    {
        await using var claim = dataSource.CreateCommand(
            """
            update batches set status = 'processing', attempts = attempts + 1, lease_until = now() + $1
            where batch_id = (
                select batch_id from batches
                where status = 'queued' or (status = 'processing' and lease_until < now())
                order by received_at
                limit 1
                for update skip locked)
            returning batch_id, kind, source, as_of, charset, raw_blob, attempts
            """);
        claim.Parameters.Add(new NpgsqlParameter { Value = lease });
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ClaimedBatch(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6))
            : null;
    }

    /// <summary>
    /// Writes the rows read so far (outside the batch's transaction) and renews the lease. Throws
    /// when another worker has taken the batch over, so this one stops.
    /// </summary>
    public async Task ReportProgressAsync(ClaimedBatch batch, int rowsRead, int rowsAccepted, int rowsRejected, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(
            """
            update batches set rows_read = $3, rows_accepted = $4, rows_rejected = $5, lease_until = now() + $6
            where batch_id = $1 and attempts = $2 and status = 'processing'
            """);
        update.Parameters.Add(new NpgsqlParameter { Value = batch.BatchId });
        update.Parameters.Add(new NpgsqlParameter { Value = batch.Attempt });
        update.Parameters.Add(new NpgsqlParameter { Value = rowsRead });
        update.Parameters.Add(new NpgsqlParameter { Value = rowsAccepted });
        update.Parameters.Add(new NpgsqlParameter { Value = rowsRejected });
        update.Parameters.Add(new NpgsqlParameter { Value = lease });
        if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new LostBatchLeaseException(batch);
        }
    }

    /// <summary>
    /// This worker lets the batch go after a failed attempt: any worker claims it again once
    /// <see cref="RetryDelay"/> has passed. Its status says why the attempt failed and when the batch
    /// is tried again, so a batch that waits out an outage does not sit in "processing" without a
    /// reason. The outcome of a later attempt replaces it. Only while this worker's claim holds.
    /// </summary>
    public async Task RecordFailedAttemptAsync(ClaimedBatch batch, string reason, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(
            """
            update batches set lease_until = now() + $4, failed_attempt = attempts,
                error = format('Attempt %s failed: %s. It is tried again at %s UTC.',
                    attempts, $3::text, to_char((now() + $4) at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS'))
            where batch_id = $1 and attempts = $2 and status = 'processing'
            """);
        update.Parameters.Add(new NpgsqlParameter { Value = batch.BatchId });
        update.Parameters.Add(new NpgsqlParameter { Value = batch.Attempt });
        update.Parameters.Add(new NpgsqlParameter { Value = reason });
        update.Parameters.Add(new NpgsqlParameter { Value = RetryDelay(batch.Attempt, lease) });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// How long a batch waits after its <paramref name="attempt"/>th attempt failed: 15 s, doubling
    /// with each attempt, never longer than the <paramref name="lease"/> (a worker that died is
    /// replaced after that long too). A short outage delays the agencies' files by seconds, not by a
    /// whole lease; a long one is not retried more than once a lease.
    /// </summary>
    internal static TimeSpan RetryDelay(int attempt, TimeSpan lease) =>
        TimeSpan.FromSeconds(Math.Min(lease.TotalSeconds, 15 * Math.Pow(2, Math.Clamp(attempt, 1, 30) - 1)));

    /// <summary>
    /// Records the outcome in the caller's transaction, only if this worker's claim (its attempt
    /// number) still holds: a worker whose lease ran out and was taken over cannot complete the batch a second time.
    /// completed_at is the clock now, not now(): that is when the batch's transaction began, before the rows loaded.
    /// </summary>
    public static async Task SaveOutcomeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ClaimedBatch batch, BatchOutcome outcome, CancellationToken cancellationToken)
    {
        var batchId = batch.BatchId;
        await using var update = new NpgsqlCommand(
            """
            update batches set status = $2, rows_read = $3, rows_accepted = $4, rows_rejected = $5,
                rejects_by_reason = $6, warnings = $7, error = $8, completed_at = clock_timestamp(), lease_until = null
            where batch_id = $1 and attempts = $9 and status = 'processing'
            """, connection, transaction);
        update.Parameters.Add(new NpgsqlParameter { Value = batchId });
        update.Parameters.Add(new NpgsqlParameter { Value = outcome.Error is null ? "completed" : "failed" });
        update.Parameters.Add(new NpgsqlParameter { Value = outcome.RowsRead });
        update.Parameters.Add(new NpgsqlParameter { Value = outcome.RowsAccepted });
        update.Parameters.Add(new NpgsqlParameter { Value = outcome.Rejects.Count });
        update.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(outcome.RejectsByReason()), NpgsqlDbType = NpgsqlDbType.Jsonb });
        update.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(outcome.Warnings), NpgsqlDbType = NpgsqlDbType.Jsonb });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)outcome.Error ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        update.Parameters.Add(new NpgsqlParameter { Value = batch.Attempt });
        if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new LostBatchLeaseException(batch);
        }

        await using (var clear = new NpgsqlCommand("delete from batch_rejects where batch_id = $1", connection, transaction))
        {
            clear.Parameters.Add(new NpgsqlParameter { Value = batchId });
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var copy = await connection.BeginBinaryImportAsync(
            "copy batch_rejects (batch_id, row_number, reason_code, detail, raw) from stdin (format binary)", cancellationToken);
        foreach (var reject in outcome.Rejects.ReadAll())
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(batchId, NpgsqlDbType.Uuid, cancellationToken);
            await copy.WriteAsync(reject.RowNumber, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(reject.ReasonCode, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(reject.Detail, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(reject.Raw, NpgsqlDbType.Text, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    public async Task WriteRejectsCsvAsync(Guid batchId, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteAsync("row_number,reason_code,detail,raw\n");
        await using var select = dataSource.CreateCommand(
            "select row_number, reason_code, detail, raw from batch_rejects where batch_id = $1 order by row_number");
        select.Parameters.Add(new NpgsqlParameter { Value = batchId });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            await writer.WriteAsync($"{reader.GetInt32(0)},{reader.GetString(1)},{CsvField.Quote(reader.GetString(2))},{CsvField.Quote(reader.GetString(3))}\n");
        }
    }

    private const string SelectStatus =
        """
        select batch_id, kind, source, as_of, status, rows_read, rows_accepted, rows_rejected,
               rejects_by_reason::text, warnings::text, error, received_at, completed_at, content_sha256
        from batches
        """;

    private static async Task<BatchStatus?> ReadStatusAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new BatchStatus(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetFieldValue<DateOnly>(3),
            reader.GetString(4),
            reader.GetInt32(5),
            reader.GetInt32(6),
            reader.GetInt32(7),
            // jsonb orders keys by length; answer them alphabetically.
            new SortedDictionary<string, int>(JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(8))!, StringComparer.Ordinal),
            JsonSerializer.Deserialize<List<string>>(reader.GetString(9))!,
            reader.IsDBNull(10) ? null : reader.GetString(10),
            reader.GetFieldValue<DateTimeOffset>(11),
            reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
            reader.GetString(13));
    }
}
