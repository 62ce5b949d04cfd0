using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Identity;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>
/// Loads a <c>registrations</c> batch from its kept raw file in one transaction: rows are checked and
/// copied (binary COPY) into a staging table, merged into the registry set-based, and the change set
/// and the completion event are written before the commit. All of a batch becomes visible together,
/// or none of it; a worker killed mid-batch leaves nothing behind, and the batch is redone.
/// </summary>
internal sealed class RegistrationBatchLoader(
    NpgsqlDataSource dataSource,
    RawFileStore rawFiles,
    BlobServiceClient blobs,
    PidHasher pids,
    Outbox outbox,
    TimeProvider clock)
{
    public const string ChangeSetContainer = "changesets";
    private static readonly JsonSerializerOptions ChangeSetJson = new(JsonSerializerDefaults.Web);

    public async Task<BatchOutcome> LoadAsync(ClaimedBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Kind != BatchKinds.Registrations)
        {
            // The raw file is kept; once this kind's loader exists the batch can be reprocessed.
            return await SaveFailureAsync(batch, BatchOutcome.Failed($"Loading {batch.Kind} files is not available yet; the file is kept as raw/{batch.RawBlob} and can be reprocessed later."), cancellationToken);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var staging = new NpgsqlCommand(
            """
            create temp table staging_registrations (like applicants including defaults) on commit drop;
            """, connection, transaction))
        {
            await staging.ExecuteNonQueryAsync(cancellationToken);
        }

        BatchOutcome outcome;
        try
        {
            outcome = await StageAsync(batch, connection, cancellationToken);
        }
        catch (DecoderFallbackException e)
        {
            outcome = BatchOutcome.Failed($"The file is not valid {batch.Charset}: bytes {Convert.ToHexString(e.BytesUnknown ?? [])} cannot be decoded. Declare the right charset (utf-8, windows-874 or tis-620) in Content-Type.");
        }

        if (outcome.Error is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await SaveFailureAsync(batch, outcome, cancellationToken);
        }

        var changeSet = await MergeAsync(batch, connection, transaction, cancellationToken);
        await CompleteAsync(batch, outcome, changeSet, connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private async Task<BatchOutcome> StageAsync(ClaimedBatch batch, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var raw = await rawFiles.OpenAsync(batch.RawBlob, cancellationToken);
        using var text = new StreamReader(raw, BatchCharsets.StrictEncoding(batch.Charset), detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var records = new CsvRecordReader(text);
        if (!records.TryRead(out var headerRecord))
        {
            return BatchOutcome.Failed("The file is empty: a header row and data rows are expected.");
        }

        var header = CsvHeader.Parse(headerRecord.Fields, RegistrationRowParser.KnownColumns);
        var missing = header.Missing(RegistrationRowParser.RequiredColumns).ToList();
        if (missing.Count == RegistrationRowParser.RequiredColumns.Length)
        {
            return BatchOutcome.Failed($"The first row is not a header: none of the required columns ({string.Join(", ", RegistrationRowParser.RequiredColumns)}) is in it.");
        }

        if (missing.Count > 0)
        {
            return BatchOutcome.Failed($"Required column(s) missing from the header: {string.Join(", ", missing)}.");
        }

        var outcome = new BatchOutcome();
        if (header.UnknownColumns.Count > 0)
        {
            outcome.Warnings.Add($"Unknown columns ignored: {string.Join(", ", header.UnknownColumns)}");
        }

        var parser = new RegistrationRowParser(header, batch.AsOf);
        var seen = new HashSet<long>();
        await using var copy = await connection.BeginBinaryImportAsync(
            """
            copy staging_registrations (national_id, pid, first_name, last_name, birth_date, nationality, province_code,
                household_id, relationship, declared_income, registered_at, card_holder, batch_id, source, as_of)
            from stdin (format binary)
            """, cancellationToken);
        while (records.TryRead(out var record))
        {
            var rowNumber = ++outcome.RowsRead;
            var result = parser.Parse(record.Fields);
            if (result.Row is not { } row)
            {
                outcome.Rejects.Add(new RejectedRow(rowNumber, result.ReasonCode!, result.Detail!, record.Raw));
                continue;
            }

            if (!seen.Add(long.Parse(row.NationalId, System.Globalization.CultureInfo.InvariantCulture)))
            {
                outcome.Rejects.Add(new RejectedRow(rowNumber, ReasonCodes.DuplicateInFile, "national_id appeared earlier in this file", record.Raw));
                continue;
            }

            await WriteStagingRowAsync(copy, batch, row, cancellationToken);
            outcome.RowsAccepted++;
        }

        await copy.CompleteAsync(cancellationToken);
        return outcome;
    }

    private async Task WriteStagingRowAsync(NpgsqlBinaryImporter copy, ClaimedBatch batch, RegistrationRow row, CancellationToken cancellationToken)
    {
        await copy.StartRowAsync(cancellationToken);
        await copy.WriteAsync(row.NationalId, NpgsqlDbType.Char, cancellationToken);
        await copy.WriteAsync(pids.Hash(row.NationalId), NpgsqlDbType.Char, cancellationToken);
        await copy.WriteAsync(row.FirstName, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(row.LastName, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(row.BirthDate, NpgsqlDbType.Date, cancellationToken);
        await copy.WriteAsync(row.Nationality, NpgsqlDbType.Char, cancellationToken);
        await copy.WriteAsync(row.ProvinceCode, NpgsqlDbType.Char, cancellationToken);
        await copy.WriteAsync(row.HouseholdId, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(row.Relationship, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(row.DeclaredIncome, NpgsqlDbType.Numeric, cancellationToken);
        await copy.WriteAsync(row.RegisteredAt, NpgsqlDbType.Date, cancellationToken);
        await copy.WriteAsync(row.CardHolder, NpgsqlDbType.Boolean, cancellationToken);
        await copy.WriteAsync(batch.BatchId, NpgsqlDbType.Uuid, cancellationToken);
        await copy.WriteAsync(batch.Source, NpgsqlDbType.Text, cancellationToken);
        await copy.WriteAsync(batch.AsOf, NpgsqlDbType.Date, cancellationToken);
    }

    /// <summary>
    /// Merges staged rows into the registry, changing only rows whose facts differ, and writes the
    /// changed people's pseudonymous facts as the change set (named by batch, so a redo overwrites it).
    /// </summary>
    private async Task<ChangeSet> MergeAsync(ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var merge = new NpgsqlCommand(
            """
            insert into applicants as a (national_id, pid, first_name, last_name, birth_date, nationality, province_code,
                household_id, relationship, declared_income, registered_at, card_holder, batch_id, source, as_of)
            select national_id, pid, first_name, last_name, birth_date, nationality, province_code,
                household_id, relationship, declared_income, registered_at, card_holder, batch_id, source, as_of
            from staging_registrations
            on conflict (national_id) do update set
                first_name = excluded.first_name, last_name = excluded.last_name, birth_date = excluded.birth_date,
                nationality = excluded.nationality, province_code = excluded.province_code, household_id = excluded.household_id,
                relationship = excluded.relationship, declared_income = excluded.declared_income,
                registered_at = excluded.registered_at, card_holder = excluded.card_holder,
                batch_id = excluded.batch_id, source = excluded.source, as_of = excluded.as_of
            where (a.first_name, a.last_name, a.birth_date, a.nationality, a.province_code, a.household_id,
                   a.relationship, a.declared_income, a.registered_at, a.card_holder)
              is distinct from
                  (excluded.first_name, excluded.last_name, excluded.birth_date, excluded.nationality, excluded.province_code,
                   excluded.household_id, excluded.relationship, excluded.declared_income, excluded.registered_at, excluded.card_holder)
            returning pid, household_id, province_code, birth_date, nationality, relationship, declared_income, card_holder, as_of
            """, connection, transaction);

        var spool = Path.Combine(Path.GetTempPath(), $"welfare-changeset-{batch.BatchId:N}.jsonl");
        var changed = 0;
        try
        {
            await using (var file = new FileStream(spool, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await using var reader = await merge.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var change = new RegistryChange
                    {
                        Pid = reader.GetString(0),
                        Hid = pids.Hash(reader.GetString(1)),
                        ProvinceCode = reader.GetString(2),
                        BirthDate = reader.GetFieldValue<DateOnly>(3),
                        Nationality = reader.GetString(4),
                        Relationship = reader.GetString(5),
                        DeclaredIncome = reader.GetDecimal(6),
                        CardHolder = reader.GetBoolean(7),
                        AsOf = reader.GetFieldValue<DateOnly>(8),
                    };
                    await JsonSerializer.SerializeAsync(file, change, ChangeSetJson, cancellationToken);
                    file.WriteByte((byte)'\n');
                    changed++;
                }
            }

            var container = blobs.GetBlobContainerClient(ChangeSetContainer);
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var blobName = $"registrations/{batch.BatchId}.jsonl";
            await container.GetBlobClient(blobName).UploadAsync(spool, overwrite: true, cancellationToken);
            return new ChangeSet($"{ChangeSetContainer}/{blobName}", changed);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private async Task CompleteAsync(ClaimedBatch batch, BatchOutcome outcome, ChangeSet changeSet, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await BatchStore.SaveOutcomeAsync(connection, transaction, batch.BatchId, outcome, cancellationToken);
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
            ChangedPersons = changeSet.ChangedPersons,
            ChangeSetBlob = changeSet.BlobPath,
            CompletedAt = clock.GetUtcNow(),
        };
        await outbox.EnqueueAsync(connection, transaction, completed, completed.EventId, completed.CorrelationId, cancellationToken);
    }

    private async Task<BatchOutcome> SaveFailureAsync(ClaimedBatch batch, BatchOutcome outcome, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await BatchStore.SaveOutcomeAsync(connection, transaction, batch.BatchId, outcome, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private sealed record ChangeSet(string BlobPath, int ChangedPersons);
}
