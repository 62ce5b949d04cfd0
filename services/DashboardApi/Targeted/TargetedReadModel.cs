using Npgsql;
using WelfarePlatform.Contracts;

namespace WelfarePlatform.DashboardApi.Targeted;

/// <summary>The <c>province_registrants</c> read model.</summary>
public sealed class TargetedReadModel(NpgsqlDataSource dataSource)
{
    private const string ReadModelName = "province_registrants";

    public async Task ReplaceAsync(RegistrantsByProvinceChanged snapshot, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var version = new NpgsqlCommand(
            """
            insert into read_model_versions (read_model, snapshot_at, as_of) values ($1, $2, $3)
            on conflict (read_model) do update set snapshot_at = excluded.snapshot_at, as_of = excluded.as_of
            where read_model_versions.snapshot_at < excluded.snapshot_at
            """, connection, transaction))
        {
            version.Parameters.Add(new NpgsqlParameter { Value = ReadModelName });
            version.Parameters.Add(new NpgsqlParameter { Value = snapshot.ComputedAt });
            version.Parameters.Add(new NpgsqlParameter { Value = snapshot.AsOf });
            if (await version.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return; // a newer snapshot is already applied
            }
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
