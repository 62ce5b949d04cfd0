using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.Contracts;
using WelfarePlatform.DashboardApi.Changes;

namespace WelfarePlatform.DashboardApi.Targeted;

/// <summary>The <c>province_registrants</c> read model.</summary>
public sealed class TargetedReadModel(NpgsqlDataSource dataSource)
{
    private const string ReadModelName = "province_registrants";

    public async Task ReplaceAsync(RegistrantsByProvinceChanged snapshot, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (!await ClaimNewerSnapshotAsync(ReadModelName, snapshot.ComputedAt, snapshot.AsOf, connection, transaction, cancellationToken))
        {
            return;
        }

        await using (var clear = new NpgsqlCommand("delete from province_registrants", connection, transaction))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = new NpgsqlCommand(
            """
            insert into province_registrants (province_code, registrants, card_holders)
            select * from unnest($1::char(2)[], $2::int[], $3::int[])
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = snapshot.Provinces.Select(p => p.ProvinceCode).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = snapshot.Provinces.Select(p => p.Registrants).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = snapshot.Provinces.Select(p => p.CardHolders).ToArray() });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await ReadModelChanges.RecordAsync(ReadModelChanges.Targeted, connection, transaction, cancellationToken);
    }

    public async Task ReplaceDeterminationsAsync(DeterminationsChanged snapshot, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        // Every as-of date keeps its newest snapshot, for ?asOf= questions about earlier dates.
        await using (var history = new NpgsqlCommand(
            """
            insert into determinations_snapshots (ruleset, as_of, snapshot_at, provinces) values ($1, $2, $3, $4)
            on conflict (ruleset, as_of) do update set snapshot_at = excluded.snapshot_at, provinces = excluded.provinces
            where determinations_snapshots.snapshot_at < excluded.snapshot_at
            """, connection, transaction))
        {
            history.Parameters.Add(new NpgsqlParameter { Value = snapshot.RulesetId });
            history.Parameters.Add(new NpgsqlParameter { Value = snapshot.AsOf });
            history.Parameters.Add(new NpgsqlParameter { Value = snapshot.ComputedAt });
            history.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(snapshot.Provinces, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
            await history.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!await ClaimNewerSnapshotAsync(DeterminationsReadModel(snapshot.RulesetId), snapshot.ComputedAt, snapshot.AsOf, connection, transaction, cancellationToken))
        {
            return;
        }

        await using (var clear = new NpgsqlCommand("delete from province_determinations where ruleset = $1", connection, transaction))
        {
            clear.Parameters.Add(new NpgsqlParameter { Value = snapshot.RulesetId });
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = new NpgsqlCommand(
            """
            insert into province_determinations (ruleset, province_code, registrants, holders, eligible, ineligible, unknown,
                ineligible_by_criterion, inclusion_errors, exclusion_errors, stale_evidence)
            select $1, * from unnest($2::char(2)[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::jsonb[], $9::int[], $10::int[], $11::int[])
            """, connection, transaction);
        var provinces = snapshot.Provinces;
        insert.Parameters.Add(new NpgsqlParameter { Value = snapshot.RulesetId });
        insert.Parameters.Add(new NpgsqlParameter { Value = provinces.Select(p => p.ProvinceCode).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = provinces.Select(p => p.Registrants).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = provinces.Select(p => p.Holders).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = provinces.Select(p => p.Eligible).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = provinces.Select(p => p.Ineligible).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = provinces.Select(p => p.Unknown).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = provinces.Select(p => JsonSerializer.Serialize(p.IneligibleByCriterion)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        insert.Parameters.Add(new NpgsqlParameter { Value = provinces.Select(p => p.InclusionErrors).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = provinces.Select(p => p.ExclusionErrors).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter { Value = provinces.Select(p => p.StaleEvidence).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await ReadModelChanges.RecordAsync(ReadModelChanges.Targeted, connection, transaction, cancellationToken);
    }

    /// <summary>A ruleset's determinations per province, or null when eligibility has published none for it.</summary>
    public async Task<(DateOnly AsOf, IReadOnlyList<ProvinceDeterminations> Provinces)?> ReadDeterminationsAsync(string ruleset, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        DateOnly asOf;
        await using (var version = new NpgsqlCommand("select as_of from read_model_versions where read_model = $1", connection))
        {
            version.Parameters.Add(new NpgsqlParameter { Value = DeterminationsReadModel(ruleset) });
            if (await version.ExecuteScalarAsync(cancellationToken) is not DateOnly date)
            {
                return null;
            }

            asOf = date;
        }

        await using var select = new NpgsqlCommand(
            """
            select province_code, registrants, holders, eligible, ineligible, unknown, ineligible_by_criterion::text, inclusion_errors, exclusion_errors, stale_evidence
            from province_determinations where ruleset = $1 order by province_code
            """, connection);
        select.Parameters.Add(new NpgsqlParameter { Value = ruleset });
        var provinces = new List<ProvinceDeterminations>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            provinces.Add(new ProvinceDeterminations
            {
                ProvinceCode = reader.GetString(0),
                Registrants = reader.GetInt32(1),
                Holders = reader.GetInt32(2),
                Eligible = reader.GetInt32(3),
                Ineligible = reader.GetInt32(4),
                Unknown = reader.GetInt32(5),
                IneligibleByCriterion = JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(6))!,
                InclusionErrors = reader.GetInt32(7),
                ExclusionErrors = reader.GetInt32(8),
                StaleEvidence = reader.IsDBNull(9) ? null : reader.GetInt32(9),
            });
        }

        return (asOf, provinces);
    }

    /// <summary>
    /// The newest snapshot of a ruleset whose as-of date is on or before <paramref name="asOf"/>, and the
    /// earliest as-of date held (to explain a miss); null snapshot when none is that old.
    /// </summary>
    public async Task<((DateOnly AsOf, IReadOnlyList<ProvinceDeterminations> Provinces)? Snapshot, DateOnly? Earliest)> ReadDeterminationsAsOfAsync(
        string ruleset, DateOnly asOf, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = new NpgsqlCommand(
            """
            select as_of, provinces::text from determinations_snapshots where ruleset = $1 and as_of <= $2 order by as_of desc limit 1
            """, connection);
        select.Parameters.Add(new NpgsqlParameter { Value = ruleset });
        select.Parameters.Add(new NpgsqlParameter { Value = asOf });
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return ((reader.GetFieldValue<DateOnly>(0), JsonSerializer.Deserialize<List<ProvinceDeterminations>>(reader.GetString(1), Json)!), null);
            }
        }

        await using var earliest = new NpgsqlCommand("select min(as_of) from determinations_snapshots where ruleset = $1", connection);
        earliest.Parameters.Add(new NpgsqlParameter { Value = ruleset });
        return (null, await earliest.ExecuteScalarAsync(cancellationToken) as DateOnly?);
    }

    /// <summary>
    /// Clears the current determinations and derives them again from the kept snapshots: per ruleset,
    /// the one eligibility computed last. Returns the province rows written.
    /// </summary>
    public async Task<int> RebuildFromSnapshotsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var clear = new NpgsqlCommand(
            "delete from province_determinations; delete from read_model_versions where read_model like 'determinations:%'", connection, transaction))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        const string Newest = "(select distinct on (ruleset) ruleset, as_of, snapshot_at, provinces from determinations_snapshots order by ruleset, snapshot_at desc)";
        await using (var versions = new NpgsqlCommand(
            $"insert into read_model_versions (read_model, snapshot_at, as_of) select 'determinations:' || ruleset, snapshot_at, as_of from {Newest} s",
            connection, transaction))
        {
            await versions.ExecuteNonQueryAsync(cancellationToken);
        }

        int rows;
        await using (var insert = new NpgsqlCommand(
            $"""
            insert into province_determinations (ruleset, province_code, registrants, holders, eligible, ineligible, unknown,
                ineligible_by_criterion, inclusion_errors, exclusion_errors, stale_evidence)
            select s.ruleset, p."provinceCode", p.registrants, p.holders, p.eligible, p.ineligible, p.unknown,
                p."ineligibleByCriterion", p."inclusionErrors", p."exclusionErrors", p."staleEvidence"
            from {Newest} s, jsonb_to_recordset(s.provinces) as p("provinceCode" char(2), registrants int, holders int, eligible int, ineligible int,
                unknown int, "ineligibleByCriterion" jsonb, "inclusionErrors" int, "exclusionErrors" int, "staleEvidence" int)
            """, connection, transaction))
        {
            rows = await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await ReadModelChanges.RecordAsync(ReadModelChanges.Targeted, connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string DeterminationsReadModel(string ruleset) => $"determinations:{ruleset}";

    /// <summary>Records the snapshot's time unless a newer snapshot of the same read model is already applied.</summary>
    private static async Task<bool> ClaimNewerSnapshotAsync(string readModel, DateTimeOffset computedAt, DateOnly asOf, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var version = new NpgsqlCommand(
            """
            insert into read_model_versions (read_model, snapshot_at, as_of) values ($1, $2, $3)
            on conflict (read_model) do update set snapshot_at = excluded.snapshot_at, as_of = excluded.as_of
            where read_model_versions.snapshot_at < excluded.snapshot_at
            """, connection, transaction);
        version.Parameters.Add(new NpgsqlParameter { Value = readModel });
        version.Parameters.Add(new NpgsqlParameter { Value = computedAt });
        version.Parameters.Add(new NpgsqlParameter { Value = asOf });
        return await version.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<(DateOnly? AsOf, IReadOnlyList<ProvinceRegistrants> Provinces)> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        DateOnly? asOf = null;
        await using (var version = new NpgsqlCommand("select as_of from read_model_versions where read_model = $1", connection))
        {
            version.Parameters.Add(new NpgsqlParameter { Value = ReadModelName });
            if (await version.ExecuteScalarAsync(cancellationToken) is DateOnly date)
            {
                asOf = date;
            }
        }

        await using var select = new NpgsqlCommand("select province_code, registrants, card_holders from province_registrants order by province_code", connection);
        var provinces = new List<ProvinceRegistrants>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            provinces.Add(new ProvinceRegistrants(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return (asOf, provinces);
    }
}
