using Npgsql;

namespace WelfarePlatform.RegistrationIngest.Applicants;

/// <summary>
/// Reads one person from the registry: now, or as known for a date D (the latest versions whose
/// batch as-of is on or before D).
/// </summary>
internal sealed class ApplicantStore(NpgsqlDataSource dataSource)
{
    private const string RecordColumns =
        "first_name, last_name, birth_date, nationality, province_code, household_id, relationship, declared_income, registered_at, card_holder, batch_id, source, as_of";

    private const string EvidenceColumns = "evidence_type, source, value, fact_as_of, batch_id, as_of";

    public async Task<ApplicantView?> FindAsync(string nationalId, DateOnly? knownOn, CancellationToken cancellationToken)
    {
        var record = await ReadRecordAsync(nationalId, knownOn, cancellationToken);
        var evidence = await ReadEvidenceAsync(
            knownOn is null
                ? $"select {EvidenceColumns}, null::timestamptz from evidence where national_id = $1 order by evidence_type, source"
                : $"""
                   select distinct on (evidence_type, source) {EvidenceColumns}, recorded_at from evidence_history
                   where national_id = $1 and as_of <= $2 order by evidence_type, source, as_of desc, version_id desc
                   """,
            nationalId, knownOn, cancellationToken);
        var upTo = knownOn is null ? "" : "and as_of <= $2";
        var history = new ApplicantHistory(
            await ReadRecordsAsync($"select {RecordColumns}, recorded_at from applicant_versions where national_id = $1 {upTo} order by as_of, version_id", nationalId, knownOn, cancellationToken),
            await ReadEvidenceAsync($"select {EvidenceColumns}, recorded_at from evidence_history where national_id = $1 {upTo} order by as_of, version_id", nationalId, knownOn, cancellationToken));
        var payments = await ReadPaymentsAsync(nationalId, knownOn, cancellationToken);
        if (record is null && evidence.Count == 0 && history.Records.Count == 0 && payments.Count == 0)
        {
            return null;
        }

        var household = record is null ? null : new HouseholdView(record.HouseholdId, await ReadHouseholdAsync(record.HouseholdId, knownOn, cancellationToken));
        return new ApplicantView(nationalId, knownOn, record, household, evidence, history, payments);
    }

    private async Task<ApplicantRecord?> ReadRecordAsync(string nationalId, DateOnly? knownOn, CancellationToken cancellationToken)
    {
        var records = await ReadRecordsAsync(
            knownOn is null
                ? $"select {RecordColumns}, null::timestamptz from applicants where national_id = $1"
                : $"select {RecordColumns}, recorded_at from applicant_versions where national_id = $1 and as_of <= $2 order by as_of desc, version_id desc limit 1",
            nationalId, knownOn, cancellationToken);
        return records.Count == 0 ? null : records[0];
    }

    private async Task<List<HouseholdMember>> ReadHouseholdAsync(string householdId, DateOnly? knownOn, CancellationToken cancellationToken)
    {
        // As known on D: each person's latest version by then, kept when that version is in the household.
        var sql = knownOn is null
            ? "select national_id, first_name, last_name, relationship, birth_date, card_holder from applicants where household_id = $1"
            : """
              select national_id, first_name, last_name, relationship, birth_date, card_holder from (
                  select distinct on (national_id) * from applicant_versions
                  where national_id in (select national_id from applicant_versions where household_id = $1) and as_of <= $2
                  order by national_id, as_of desc, version_id desc) latest
              where household_id = $1
              """;
        await using var select = dataSource.CreateCommand(sql + " order by case relationship when 'head' then 0 when 'spouse' then 1 when 'child' then 2 else 3 end, birth_date, national_id");
        select.Parameters.Add(new NpgsqlParameter { Value = householdId });
        if (knownOn is { } date)
        {
            select.Parameters.Add(new NpgsqlParameter { Value = date });
        }

        var members = new List<HouseholdMember>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            members.Add(new HouseholdMember(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateOnly>(4), reader.GetBoolean(5)));
        }

        return members;
    }

    private async Task<List<ApplicantRecord>> ReadRecordsAsync(string sql, string nationalId, DateOnly? knownOn, CancellationToken cancellationToken)
    {
        await using var select = Command(sql, nationalId, knownOn);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var records = new List<ApplicantRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new ApplicantRecord(
                reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetDecimal(7), reader.GetFieldValue<DateOnly>(8), reader.GetBoolean(9),
                reader.GetGuid(10), reader.GetString(11), reader.GetFieldValue<DateOnly>(12),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13)));
        }

        return records;
    }

    private async Task<List<EvidenceFact>> ReadEvidenceAsync(string sql, string nationalId, DateOnly? knownOn, CancellationToken cancellationToken)
    {
        await using var select = Command(sql, nationalId, knownOn);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var facts = new List<EvidenceFact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(new EvidenceFact(
                reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetFieldValue<DateOnly>(3), reader.GetGuid(4),
                reader.GetFieldValue<DateOnly>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return facts;
    }

    private async Task<List<PaymentFact>> ReadPaymentsAsync(string nationalId, DateOnly? knownOn, CancellationToken cancellationToken)
    {
        await using var select = Command(
            knownOn is null
                ? "select paid_on, program, amount, province_code, batch_id from payments where national_id = $1 order by paid_on, program"
                : "select paid_on, program, amount, province_code, batch_id from payments where national_id = $1 and paid_on <= $2 order by paid_on, program",
            nationalId, knownOn);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var payments = new List<PaymentFact>();
        while (await reader.ReadAsync(cancellationToken))
        {
            payments.Add(new PaymentFact(reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetDecimal(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetGuid(4)));
        }

        return payments;
    }

    private NpgsqlCommand Command(string sql, string nationalId, DateOnly? knownOn)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = nationalId });
        if (knownOn is { } date)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = date });
        }

        return command;
    }
}
