using Azure.Storage.Blobs;
using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.Contracts;
using WelfarePlatform.Eligibility.Evaluations;

namespace WelfarePlatform.Eligibility.Facts;

/// <summary>The <c>person_evidence</c> table: per pid, the latest value of each evidence type with its source and as-of.</summary>
public sealed class EvidenceStore(BlobServiceClient blobs)
{
    /// <summary>
    /// Copies an evidence change set into staging and keeps the newest value per pid and type (an
    /// older as-of never replaces a newer one; a replay writes the same values), then lists the
    /// households of the people it touched in <c>touched_households</c>, in the caller's transaction.
    /// </summary>
    public async Task ApplyChangeSetAsync(RegistryBatchCompleted completed, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken, PhaseTimer? timer = null)
    {
        await using (var staging = new NpgsqlCommand(
            "create temp table staging_evidence (pid char(64) collate \"C\", evidence_type text, value numeric(16, 2), as_of date, source text) on commit drop",
            connection, transaction))
        {
            await staging.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyChangeSetAsync(completed, connection, cancellationToken);
        timer?.Mark("copy change set");
        // The planner must know the batch's size to join it with the facts well.
        await using (var analyze = new NpgsqlCommand("analyze staging_evidence", connection, transaction))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var apply = new NpgsqlCommand(
            """
            insert into person_evidence (pid, evidence_type, value, as_of, source, source_batch_id)
            select distinct on (pid, evidence_type) pid, evidence_type, value, as_of, source, $1
            from staging_evidence order by pid, evidence_type, as_of desc
            on conflict (pid, evidence_type) do update set
                value = excluded.value, as_of = excluded.as_of, source = excluded.source,
                source_batch_id = excluded.source_batch_id, updated_at = now()
            where person_evidence.as_of <= excluded.as_of
            """, connection, transaction);
        apply.Parameters.Add(new NpgsqlParameter { Value = completed.BatchId });
        await apply.ExecuteNonQueryAsync(cancellationToken);
        timer?.Mark("upsert evidence");

        await using var touched = new NpgsqlCommand(
            """
            create temp table touched_households on commit drop as
            select distinct pf.hid from person_facts pf join (select distinct pid from staging_evidence) s using (pid)
            """, connection, transaction);
        await touched.ExecuteNonQueryAsync(cancellationToken);
        timer?.Mark("touched households");
    }

    private async Task CopyChangeSetAsync(RegistryBatchCompleted completed, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "copy staging_evidence (pid, evidence_type, value, as_of, source) from stdin (format binary)", cancellationToken);
        copy.Timeout = BulkCommands.Timeout;
        await foreach (var change in ChangeSetBlob.ReadAsync(blobs, completed.ChangeSetBlob, ChangeSetJson.Default.EvidenceChange, cancellationToken))
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(change.Pid, NpgsqlDbType.Char, cancellationToken);
            await copy.WriteAsync(change.EvidenceType, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(change.Value, NpgsqlDbType.Numeric, cancellationToken);
            await copy.WriteAsync(change.AsOf, NpgsqlDbType.Date, cancellationToken);
            await copy.WriteAsync(string.IsNullOrEmpty(change.Source) ? completed.Source : change.Source, NpgsqlDbType.Text, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }
}
