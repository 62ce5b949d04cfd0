using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Identity;

namespace WelfarePlatform.RegistrationIngest.Batches.Kinds;

/// <summary>
/// <c>evidence</c> (key: national_id + evidence_type) into <c>evidence</c>, one current value per
/// person, type and source, each change kept in <c>evidence_history</c>. Evidence for a national ID the
/// registry does not hold (yet) is kept all the same, keyed by national ID: agencies' files and
/// registrations arrive in any order.
/// </summary>
internal sealed class EvidenceKind(PidHasher pids) : BatchKind<EvidenceRow, long>
{
    public override string Kind => BatchKinds.Evidence;
    public override IReadOnlyList<string> RequiredColumns => EvidenceRowParser.RequiredColumns;
    public override string CreateStagingSql => "create temp table staging_evidence (like evidence including defaults) on commit drop";
    protected override string DuplicateDetail => "national_id and evidence_type appeared earlier in this file";

    protected override string CopySql =>
        "copy staging_evidence (national_id, evidence_type, source, pid, value, fact_as_of, batch_id, as_of) from stdin (format binary)";

    protected override Func<IReadOnlyList<string>, RowResult<EvidenceRow>> CreateParser(CsvHeader header, DateOnly asOf) =>
        new EvidenceRowParser(header, asOf).Parse;

    // 13 digits times 16 fits a long: the national ID and the type's index make one number.
    protected override long KeyOf(EvidenceRow row) => (NationalIdNumber(row.NationalId) * 16) + Array.IndexOf(EvidenceRowParser.EvidenceTypes, row.EvidenceType);

    protected override Func<long, bool> CreateSeenKeys() => new KeySet().Add;

    protected override Action<NpgsqlBinaryImporter, EvidenceRow> CreateRowWriter(ClaimedBatch batch, bool direct, ChangeSetWriter changes) => (copy, row) =>
    {
        copy.StartRow();
        copy.Write(row.NationalId, NpgsqlDbType.Char);
        copy.Write(row.EvidenceType, NpgsqlDbType.Text);
        copy.Write(batch.Source, NpgsqlDbType.Text);
        copy.Write(pids.Hash(row.NationalId), NpgsqlDbType.Char);
        copy.Write(row.Value, NpgsqlDbType.Numeric);
        copy.Write(row.AsOf, NpgsqlDbType.Date);
        copy.Write(batch.BatchId, NpgsqlDbType.Uuid);
        copy.Write(batch.AsOf, NpgsqlDbType.Date);
    };

    public override async Task MergeAsync(ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction, bool direct, BatchOutcome outcome, ChangeSetWriter changes, CancellationToken cancellationToken)
    {
        await using (var unknown = new NpgsqlCommand(
            "select count(*) from staging_evidence s where not exists (select 1 from applicants a where a.national_id = s.national_id)", connection, transaction))
        {
            unknown.CommandTimeout = 0;
            if ((long)(await unknown.ExecuteScalarAsync(cancellationToken))! is var count and > 0)
            {
                outcome.Warnings.Add($"{count} evidence row(s) for national IDs the registry does not hold yet: kept, keyed by national ID.");
            }
        }

        await using var merge = new NpgsqlCommand(
            """
            with merged as (
                insert into evidence as e (national_id, evidence_type, source, pid, value, fact_as_of, batch_id, as_of)
                select national_id, evidence_type, source, pid, value, fact_as_of, batch_id, as_of from staging_evidence
                on conflict (national_id, evidence_type, source) do update set
                    value = excluded.value, fact_as_of = excluded.fact_as_of, batch_id = excluded.batch_id, as_of = excluded.as_of
                where (e.value, e.fact_as_of) is distinct from (excluded.value, excluded.fact_as_of)
                returning *),
            kept as (
                insert into evidence_history (national_id, evidence_type, source, value, fact_as_of, batch_id, as_of)
                select national_id, evidence_type, source, value, fact_as_of, batch_id, as_of from merged)
            select pid, evidence_type, value, fact_as_of, source from merged
            """, connection, transaction);
        merge.CommandTimeout = 0;
        await using var reader = await merge.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Write(new EvidenceChange
            {
                Pid = reader.GetString(0),
                EvidenceType = reader.GetString(1),
                Value = reader.GetDecimal(2),
                AsOf = reader.GetFieldValue<DateOnly>(3),
                Source = reader.GetString(4),
            });
        }
    }
}
