using Azure.Storage.Blobs;
using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.Contracts;
using WelfarePlatform.Eligibility.Evaluations;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.Eligibility.Facts;

/// <summary>The <c>person_facts</c> table: the latest registration facts per pid.</summary>
public sealed class PersonFactsStore(NpgsqlDataSource dataSource, BlobServiceClient blobs, Outbox outbox, TimeProvider clock)
{
    /// <summary>
    /// Copies the change set into a staging table and upserts it (a replay writes the same values),
    /// lists the households it touched in the session's <c>touched_households</c> for re-evaluation,
    /// adds what it changes to the per-province totals (<c>province_registrants</c>) and announces
    /// them through the outbox, all in the caller's transaction.
    /// </summary>
    public async Task ApplyChangeSetAsync(RegistryBatchCompleted completed, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken, PhaseTimer? timer = null)
    {
        await using (var staging = new NpgsqlCommand(
            "create temp table staging_facts (like person_facts including defaults) on commit drop", connection, transaction))
        {
            await staging.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyChangeSetAsync(completed, connection, cancellationToken);
        timer?.Mark("copy change set");
        // The planner must know the batch's size to join it with the facts well.
        await using (var analyze = new NpgsqlCommand("analyze staging_facts", connection, transaction))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        // The facts the change set replaces, read once before the upsert overwrites them (one
        // index probe per changed person): the households people left, and the counts to subtract.
        await using (var replaced = new NpgsqlCommand(
            """
            create temp table replaced_facts on commit drop as
            select pf.pid, pf.hid, pf.province_code, pf.card_holder, pf.as_of <= s.as_of as superseded
            from staging_facts s join person_facts pf using (pid);
            create temp table touched_households on commit drop as
            select hid from staging_facts union select hid from replaced_facts;
            with delta as (
                select s.province_code, 1 as n, s.card_holder
                from staging_facts s left join replaced_facts r using (pid)
                where r.pid is null or r.superseded
                union all
                select province_code, -1, card_holder from replaced_facts where superseded
            )
            insert into province_registrants as r
            select province_code, sum(n), coalesce(sum(n) filter (where card_holder), 0) from delta group by province_code
            on conflict (province_code) do update set registrants = r.registrants + excluded.registrants, holders = r.holders + excluded.holders;
            """, connection, transaction) { CommandTimeout = BulkCommands.TimeoutSeconds })
        {
            await replaced.ExecuteNonQueryAsync(cancellationToken);
        }

        timer?.Mark("touched households and registrants counted");

        await using (var upsert = new NpgsqlCommand(
            """
            insert into person_facts (pid, hid, province_code, birth_date, nationality, relationship, declared_income, card_holder, as_of, source_batch_id, source)
            select pid, hid, province_code, birth_date, nationality, relationship, declared_income, card_holder, as_of, source_batch_id, $1
            from staging_facts
            on conflict (pid) do update set
                hid = excluded.hid, province_code = excluded.province_code, birth_date = excluded.birth_date,
                nationality = excluded.nationality, relationship = excluded.relationship,
                declared_income = excluded.declared_income, card_holder = excluded.card_holder,
                as_of = excluded.as_of, source_batch_id = excluded.source_batch_id, source = excluded.source, updated_at = now()
            where person_facts.as_of <= excluded.as_of
            """, connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter { Value = completed.Source });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        timer?.Mark("upsert facts");

        var provinces = await CountByProvinceAsync(connection, transaction, cancellationToken);
        var changed = new RegistrantsByProvinceChanged
        {
            // One event per applied batch: a redelivered batch event is dropped by the inbox first.
            EventId = Guid.CreateVersion7(),
            CorrelationId = completed.CorrelationId,
            SourceBatchId = completed.BatchId,
            AsOf = completed.AsOf,
            Provinces = provinces,
            ComputedAt = clock.GetUtcNow(),
        };
        await outbox.EnqueueAsync(connection, transaction, changed, changed.EventId, changed.CorrelationId, cancellationToken);
        timer?.Mark("registrants by province");
    }

    public async Task<IReadOnlyList<ProvinceRegistrants>> CountByProvinceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CountByProvinceAsync(connection, null, cancellationToken);
    }

    private static async Task<IReadOnlyList<ProvinceRegistrants>> CountByProvinceAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand(
            """
            select province_code, registrants, holders from province_registrants
            where registrants > 0 order by province_code
            """, connection, transaction);
        var provinces = new List<ProvinceRegistrants>();
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            provinces.Add(new ProvinceRegistrants(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return provinces;
    }

    private async Task CopyChangeSetAsync(RegistryBatchCompleted completed, NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            """
            copy staging_facts (pid, hid, province_code, birth_date, nationality, relationship, declared_income, card_holder, as_of, source_batch_id)
            from stdin (format binary)
            """, cancellationToken);
        copy.Timeout = BulkCommands.Timeout;
        await foreach (var change in ChangeSetBlob.ReadAsync(blobs, completed.ChangeSetBlob, ChangeSetJson.Default.RegistryChange, cancellationToken))
        {
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(change.Pid, NpgsqlDbType.Char, cancellationToken);
            await copy.WriteAsync(change.Hid, NpgsqlDbType.Char, cancellationToken);
            await copy.WriteAsync(change.ProvinceCode, NpgsqlDbType.Char, cancellationToken);
            await copy.WriteAsync(change.BirthDate, NpgsqlDbType.Date, cancellationToken);
            await copy.WriteAsync(change.Nationality, NpgsqlDbType.Char, cancellationToken);
            await copy.WriteAsync(change.Relationship, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(change.DeclaredIncome, NpgsqlDbType.Numeric, cancellationToken);
            await copy.WriteAsync(change.CardHolder, NpgsqlDbType.Boolean, cancellationToken);
            await copy.WriteAsync(change.AsOf, NpgsqlDbType.Date, cancellationToken);
            await copy.WriteAsync(completed.BatchId, NpgsqlDbType.Uuid, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }
}
