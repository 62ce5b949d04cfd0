using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.Contracts;

namespace WelfarePlatform.RegistrationIngest.Batches.Kinds;

/// <summary>
/// <c>payments</c> (key: national_id + paid_on + program) into <c>payments</c>; the change set is the
/// batch's per-province, per-day, per-program deltas. A payment's province is its person's province
/// in the registry when it is loaded. A payment to a national ID the registry does not hold is kept
/// (the money was paid) without a province and left out of the totals; the batch's warnings count them.
/// </summary>
internal sealed class PaymentsKind : BatchKind<PaymentRow, (long NationalId, DateOnly PaidOn, string Program)>
{
    public override string Kind => BatchKinds.Payments;
    public override IReadOnlyList<string> RequiredColumns => PaymentRowParser.RequiredColumns;
    public override string CreateStagingSql =>
        "create temp table staging_payments (national_id char(13) collate \"C\", paid_on date, program text, amount numeric(14, 2), source text, batch_id uuid, as_of date) on commit drop";
    protected override string DuplicateDetail => "national_id, paid_on and program appeared earlier in this file";

    protected override string CopySql =>
        "copy staging_payments (national_id, paid_on, program, amount, source, batch_id, as_of) from stdin (format binary)";

    protected override Func<IReadOnlyList<string>, RowResult<PaymentRow>> CreateParser(CsvHeader header, DateOnly asOf) =>
        new PaymentRowParser(header, asOf).Parse;

    protected override (long NationalId, DateOnly PaidOn, string Program) KeyOf(PaymentRow row) => (NationalIdNumber(row.NationalId), row.PaidOn, row.Program);

    protected override Action<NpgsqlBinaryImporter, PaymentRow> CreateRowWriter(ClaimedBatch batch, bool direct, ChangeSetWriter changes) => (copy, row) =>
    {
        copy.StartRow();
        copy.Write(row.NationalId, NpgsqlDbType.Char);
        copy.Write(row.PaidOn, NpgsqlDbType.Date);
        copy.Write(row.Program, NpgsqlDbType.Text);
        copy.Write(row.Amount, NpgsqlDbType.Numeric);
        copy.Write(batch.Source, NpgsqlDbType.Text);
        copy.Write(batch.BatchId, NpgsqlDbType.Uuid);
        copy.Write(batch.AsOf, NpgsqlDbType.Date);
    };

    /// <summary>
    /// Upserts the payments and sums, per province, day and program, what changed: a new payment adds
    /// its amount and one payment; a corrected one adds the difference. The CTEs read the table as it
    /// was before the statement, so <c>staged</c> holds the previous amounts.
    /// </summary>
    public override async Task MergeAsync(ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction, bool direct, BatchOutcome outcome, ChangeSetWriter changes, CancellationToken cancellationToken)
    {
        await using (var unknown = new NpgsqlCommand(
            "select count(*) from staging_payments s where not exists (select 1 from applicants a where a.national_id = s.national_id)", connection, transaction))
        {
            unknown.CommandTimeout = 0;
            if ((long)(await unknown.ExecuteScalarAsync(cancellationToken))! is var count and > 0)
            {
                outcome.Warnings.Add($"{count} payment(s) to national IDs the registry does not hold: kept without a province, not in the province totals.");
            }
        }

        await using var merge = new NpgsqlCommand(
            """
            with staged as (
                select s.national_id, s.paid_on, s.program, s.amount, s.source, s.batch_id, s.as_of,
                       a.province_code, p.amount as previous_amount
                from staging_payments s
                left join applicants a on a.national_id = s.national_id
                left join payments p on (p.national_id, p.paid_on, p.program) = (s.national_id, s.paid_on, s.program)),
            merged as (
                insert into payments as p (national_id, paid_on, program, amount, province_code, source, batch_id, as_of)
                select national_id, paid_on, program, amount, province_code, source, batch_id, as_of from staged
                on conflict (national_id, paid_on, program) do update set
                    amount = excluded.amount, province_code = excluded.province_code, source = excluded.source,
                    batch_id = excluded.batch_id, as_of = excluded.as_of
                where p.amount is distinct from excluded.amount
                returning national_id, paid_on, program)
            select s.province_code, s.paid_on, s.program,
                   sum(s.amount - coalesce(s.previous_amount, 0)), count(*) filter (where s.previous_amount is null)
            from staged s join merged m on (m.national_id, m.paid_on, m.program) = (s.national_id, s.paid_on, s.program)
            where s.province_code is not null
            group by s.province_code, s.paid_on, s.program
            order by s.province_code, s.paid_on, s.program
            """, connection, transaction);
        merge.CommandTimeout = 0;
        await using var reader = await merge.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Write(new PaymentTotal
            {
                ProvinceCode = reader.GetString(0),
                PaidOn = reader.GetFieldValue<DateOnly>(1),
                Program = reader.GetString(2),
                Amount = reader.GetDecimal(3),
                Payments = (int)reader.GetInt64(4),
            });
        }
    }
}
