using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Identity;

namespace WelfarePlatform.RegistrationIngest.Batches.Kinds;

/// <summary>
/// <c>registrations</c> (key: national_id) into <c>applicants</c>; a version a batch replaces is kept
/// in <c>applicant_history</c> with the batch, source and as-of that brought it.
/// </summary>
internal sealed class RegistrationsKind(PidHasher pids) : BatchKind<RegistrationRow, long>
{
    /// <summary>A person's registration facts: a row whose facts all equal the current ones changes nothing.</summary>
    public const string Facts =
        "first_name, last_name, birth_date, nationality, province_code, household_id, relationship, declared_income, registered_at, card_holder";

    public override string Kind => BatchKinds.Registrations;
    public override IReadOnlyList<string> RequiredColumns => RegistrationRowParser.RequiredColumns;
    public override IReadOnlyList<string> KnownColumns => RegistrationRowParser.KnownColumns;

    // The batch's id, source and as-of are the same for every row: they are statement parameters, not staged columns.
    public override string CreateStagingSql =>
        """
        create temp table staging_registrations (
            national_id char(13) collate "C" not null, pid char(64) collate "C" not null, hid char(64) not null,
            first_name text not null, last_name text not null, birth_date date not null, nationality char(2) not null,
            province_code char(2) not null, household_id text collate "C" not null, relationship text not null,
            declared_income numeric(14, 2) not null, registered_at date not null, card_holder boolean not null) on commit drop
        """;

    protected override string DuplicateDetail => "national_id appeared earlier in this file";

    protected override string CopySql => $"copy staging_registrations (national_id, pid, hid, {Facts}) from stdin (format binary)";

    protected override string DirectCopySql => $"copy applicants (national_id, pid, {Facts}, batch_id, source, as_of) from stdin (format binary)";

    /// <summary>
    /// A first load into an empty registry goes straight into <c>applicants</c>, without its indexes:
    /// one COPY, then each index built once from sorted data, is several times faster than staging,
    /// inserting and maintaining a hash-ordered index row by row. The table stays locked until the
    /// batch commits, and the dropped indexes come back if it fails: DDL is part of the transaction.
    /// </summary>
    public override async Task<bool> PrepareAsync(ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // applicants.batch_id has no foreign key (a trigger per row; migration 0004): the batch every
        // row names is checked here once, and its key stays locked until the commit.
        await using (var exists = Command("select count(*) from (select 1 from batches where batch_id = $1 for key share) b", batch, connection, transaction))
        {
            if ((long)(await exists.ExecuteScalarAsync(cancellationToken))! != 1)
            {
                throw new InvalidOperationException($"Batch {batch.BatchId} is not in the batches table.");
            }
        }

        if (await EmptyRegistryAsync(batch, connection, transaction, cancellationToken))
        {
            await ExecuteAsync(
                "alter table applicants drop constraint applicants_pkey, drop constraint applicants_pid_key; drop index applicants_household",
                batch, connection, transaction, cancellationToken);
            return true;
        }

        return await base.PrepareAsync(batch, connection, transaction, cancellationToken);
    }

    protected override Func<IReadOnlyList<string>, RowResult<RegistrationRow>> CreateParser(CsvHeader header, DateOnly asOf) =>
        new RegistrationRowParser(header, asOf).Parse;

    protected override long KeyOf(RegistrationRow row) => NationalIdNumber(row.NationalId);

    protected override Func<long, bool> CreateSeenKeys() => new KeySet().Add;

    protected override Action<NpgsqlBinaryImporter, RegistrationRow> CreateRowWriter(ClaimedBatch batch, bool direct, ChangeSetWriter changes)
    {
        // The change set carries the household's pseudonym. Members of a household usually stand
        // together in a file, so one keyed hash serves the run of them.
        string? lastHousehold = null, lastHid = null;
        return (copy, row) =>
        {
            if (row.HouseholdId != lastHousehold)
            {
                (lastHousehold, lastHid) = (row.HouseholdId, pids.Hash(row.HouseholdId));
            }

            var pid = pids.Hash(row.NationalId);
            copy.StartRow();
            copy.Write(row.NationalId, NpgsqlDbType.Char);
            copy.Write(pid, NpgsqlDbType.Char);
            if (!direct)
            {
                copy.Write(lastHid!, NpgsqlDbType.Char);
            }

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
            if (direct)
            {
                copy.Write(batch.BatchId, NpgsqlDbType.Uuid);
                copy.Write(batch.Source, NpgsqlDbType.Text);
                copy.Write(batch.AsOf, NpgsqlDbType.Date);
                // Every row of a first load is a new person: its change set line is known now.
                changes.Write(new RegistryChange
                {
                    Pid = pid,
                    Hid = lastHid!,
                    ProvinceCode = row.ProvinceCode,
                    BirthDate = row.BirthDate,
                    Nationality = row.Nationality,
                    Relationship = row.Relationship,
                    DeclaredIncome = row.DeclaredIncome,
                    CardHolder = row.CardHolder,
                    AsOf = batch.AsOf,
                });
            }
        };
    }

    /// <summary>
    /// After a direct load, builds the indexes. Otherwise in three set-based statements: the change set (new people and changed facts) is read, the
    /// records the batch replaces move to history and take the batch's version, and new people are
    /// inserted in key order. A record is replaced when its facts differ, and also when another
    /// source confirms them: each source's latest claim then stays findable, which is what
    /// <c>/api/sources/conflicts</c> compares.
    /// </summary>
    public override async Task MergeAsync(ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction, bool direct, BatchOutcome outcome, ChangeSetWriter changes, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (direct)
        {
            outcome.Phase = "building indexes";
            await ExecuteAsync(
                """
                set local maintenance_work_mem = '512MB';
                alter table applicants add constraint applicants_pkey primary key (national_id), add constraint applicants_pid_key unique (pid);
                create index applicants_household on applicants (household_id)
                """,
                batch, connection, transaction, cancellationToken);
            outcome.Timed("build indexes", clock.Elapsed);
            return;
        }

        // Hashes and sorts of a million rows fit in memory instead of spilling to disk.
        await ExecuteAsync("set local work_mem = '256MB'; set local maintenance_work_mem = '512MB'", batch, connection, transaction, cancellationToken);

        outcome.Phase = "writing the change set";
        await using (var changed = Command(
            $"""
            select s.pid, s.hid, s.province_code, s.birth_date, s.nationality, s.relationship, s.declared_income, s.card_holder
            from staging_registrations s left join applicants a on a.national_id = s.national_id
            where a.national_id is null or ({Columns("a")}) is distinct from ({Columns("s")})
            """, batch, connection, transaction))
        await using (var reader = await changed.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                changes.Write(new RegistryChange
                {
                    Pid = reader.GetString(0),
                    Hid = reader.GetString(1),
                    ProvinceCode = reader.GetString(2),
                    BirthDate = reader.GetFieldValue<DateOnly>(3),
                    Nationality = reader.GetString(4),
                    Relationship = reader.GetString(5),
                    DeclaredIncome = reader.GetDecimal(6),
                    CardHolder = reader.GetBoolean(7),
                    AsOf = batch.AsOf,
                });
            }
        }

        outcome.Timed("change set", clock.Elapsed);
        clock.Restart();
        outcome.Phase = "replacing changed records";
        await ExecuteAsync(
            $"""
            with replaced as materialized (
                select a.* from applicants a join staging_registrations s on s.national_id = a.national_id
                where ({Columns("a")}) is distinct from ({Columns("s")}) or a.source <> $2),
            kept as (
                insert into applicant_history (national_id, {Facts}, batch_id, source, as_of, recorded_at)
                select national_id, {Facts}, batch_id, source, as_of, recorded_at from replaced)
            update applicants a set {string.Join(", ", FactNames.Select(f => $"{f} = s.{f}"))},
                batch_id = $1, source = $2, as_of = $3, recorded_at = now()
            from staging_registrations s
            where s.national_id = a.national_id and a.national_id in (select national_id from replaced)
            """, batch, connection, transaction, cancellationToken);
        outcome.Timed("replace changed records", clock.Elapsed);
        clock.Restart();

        outcome.Phase = "inserting new people";
        await ExecuteAsync(
            $"""
            insert into applicants (national_id, pid, {Facts}, batch_id, source, as_of)
            select s.national_id, s.pid, {Columns("s")}, $1, $2, $3 from staging_registrations s
            where not exists (select 1 from applicants a where a.national_id = s.national_id)
            order by s.national_id
            """, batch, connection, transaction, cancellationToken);
        outcome.Timed("insert new people", clock.Elapsed);
    }

    private static readonly string[] FactNames = Facts.Split(", ");

    private static string Columns(string alias) => string.Join(", ", FactNames.Select(f => $"{alias}.{f}"));

    /// <summary>True when the registry holds nobody; then it stays locked against other writers until the batch commits.</summary>
    private static async Task<bool> EmptyRegistryAsync(ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var any = Command("select exists (select 1 from applicants)", batch, connection, transaction);
        if ((bool)(await any.ExecuteScalarAsync(cancellationToken))!)
        {
            return false;
        }

        await ExecuteAsync("lock table applicants in access exclusive mode", batch, connection, transaction, cancellationToken);
        return !(bool)(await any.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(string sql, ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, batch, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A command without a timeout (a batch takes what it takes); $1, $2, $3 are the batch's id, source and as-of.</summary>
    private static NpgsqlCommand Command(string sql, ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        if (sql.Contains('$', StringComparison.Ordinal))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = batch.BatchId });
            command.Parameters.Add(new NpgsqlParameter { Value = batch.Source });
            command.Parameters.Add(new NpgsqlParameter { Value = batch.AsOf });
        }

        return command;
    }
}
