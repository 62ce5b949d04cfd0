using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Identity;

namespace WelfarePlatform.RegistrationIngest.Batches.Kinds;

/// <summary><c>registrations</c> (key: national_id) into <c>applicants</c>, each change kept in <c>applicant_history</c>.</summary>
internal sealed class RegistrationsKind(PidHasher pids) : BatchKind<RegistrationRow, long>
{
    public override string Kind => BatchKinds.Registrations;
    public override IReadOnlyList<string> RequiredColumns => RegistrationRowParser.RequiredColumns;
    public override IReadOnlyList<string> KnownColumns => RegistrationRowParser.KnownColumns;
    public override string CreateStagingSql => "create temp table staging_registrations (like applicants including defaults) on commit drop";
    protected override string DuplicateDetail => "national_id appeared earlier in this file";

    protected override string CopySql =>
        """
        copy staging_registrations (national_id, pid, first_name, last_name, birth_date, nationality, province_code,
            household_id, relationship, declared_income, registered_at, card_holder, batch_id, source, as_of)
        from stdin (format binary)
        """;

    protected override Func<IReadOnlyList<string>, RowResult<RegistrationRow>> CreateParser(CsvHeader header, DateOnly asOf) =>
        new RegistrationRowParser(header, asOf).Parse;

    protected override long KeyOf(RegistrationRow row) => NationalIdNumber(row.NationalId);

    protected override void WriteRow(NpgsqlBinaryImporter copy, ClaimedBatch batch, RegistrationRow row)
    {
        copy.StartRow();
        copy.Write(row.NationalId, NpgsqlDbType.Char);
        copy.Write(pids.Hash(row.NationalId), NpgsqlDbType.Char);
        copy.Write(row.FirstName, NpgsqlDbType.Text);
        copy.Write(row.LastName, NpgsqlDbType.Text);
        copy.Write(row.BirthDate, NpgsqlDbType.Date);
        copy.Write(row.Nationality, NpgsqlDbType.Char);
        copy.Write(row.ProvinceCode, NpgsqlDbType.Char);
        copy.Write(row.HouseholdId, NpgsqlDbType.Text);
        copy.Write(row.Relationship, NpgsqlDbType.Text);
        copy.Write(row.DeclaredIncome, NpgsqlDbType.Numeric);
        copy.Write(row.RegisteredAt, NpgsqlDbType.Date);
        copy.Write(row.CardHolder, NpgsqlDbType.Boolean);
        copy.Write(batch.BatchId, NpgsqlDbType.Uuid);
        copy.Write(batch.Source, NpgsqlDbType.Text);
        copy.Write(batch.AsOf, NpgsqlDbType.Date);
    }

    /// <summary>
    /// Changes only rows whose facts differ; every version that changed a record (the first one
    /// included) is appended to <c>applicant_history</c> with the batch, source and as-of that brought it.
    /// </summary>
    public override async Task MergeAsync(ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction, BatchOutcome outcome, ChangeSetWriter changes, CancellationToken cancellationToken)
    {
        await using var merge = new NpgsqlCommand(
            """
            with merged as (
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
                returning *),
            kept as (
                insert into applicant_history (national_id, first_name, last_name, birth_date, nationality, province_code,
                    household_id, relationship, declared_income, registered_at, card_holder, batch_id, source, as_of)
                select national_id, first_name, last_name, birth_date, nationality, province_code,
                    household_id, relationship, declared_income, registered_at, card_holder, batch_id, source, as_of
                from merged)
            select pid, household_id, province_code, birth_date, nationality, relationship, declared_income, card_holder, as_of
            from merged
            """, connection, transaction);
        merge.CommandTimeout = 0;
        await using var reader = await merge.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Write(new RegistryChange
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
            });
        }
    }
}
