using System.Text.Json.Nodes;
using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.DashboardApi.Changes;

namespace WelfarePlatform.DashboardApi.Timely;

/// <summary>The <c>timely_values</c> and <c>timely_lags</c> read models: external-data's series and timeliness report as last read back.</summary>
public sealed class TimelyReadModel(NpgsqlDataSource dataSource)
{
    public const string NewCases = "covid-new-cases";
    public const string NewDeaths = "covid-new-deaths";
    public const string Payments = "payments";
    public const string Disasters = "disaster-declarations";

    /// <summary>Adds or replaces values (applying the same values twice changes nothing) and replaces the lags report.</summary>
    public static async Task ApplyAsync(string series, IReadOnlyList<ExternalSeriesValue> values, JsonObject? lags,
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (values.Count > 0)
        {
            await using var upsert = new NpgsqlCommand(
                """
                insert into timely_values (series, province_code, day, value)
                select $1, * from unnest($2::char(2)[], $3::date[], $4::numeric[])
                on conflict (series, province_code, day) do update set value = excluded.value
                """, connection, transaction);
            upsert.Parameters.Add(new NpgsqlParameter { Value = series });
            upsert.Parameters.Add(new NpgsqlParameter { Value = values.Select(v => v.ProvinceCode).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = values.Select(v => v.Day).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = values.Select(v => v.Value).ToArray() });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (lags is not null)
        {
            await using var replace = new NpgsqlCommand(
                """
                insert into timely_lags (singleton, report, received_at) values (true, $1, now())
                on conflict (singleton) do update set report = excluded.report, received_at = excluded.received_at
                """, connection, transaction);
            replace.Parameters.Add(new NpgsqlParameter { Value = lags.ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
            await replace.ExecuteNonQueryAsync(cancellationToken);
        }

        await ReadModelChanges.RecordAsync(ReadModelChanges.Timely, connection, transaction, cancellationToken);
    }

    /// <summary>A province's values per series and day in [from, to].</summary>
    public async Task<IReadOnlyDictionary<(string Series, DateOnly Day), decimal>> ReadAsync(string provinceCode, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand("select series, day, value from timely_values where province_code = $1 and day between $2 and $3");
        select.Parameters.Add(new NpgsqlParameter { Value = provinceCode });
        select.Parameters.Add(new NpgsqlParameter { Value = from });
        select.Parameters.Add(new NpgsqlParameter { Value = to });
        var values = new Dictionary<(string, DateOnly), decimal>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values[(reader.GetString(0), reader.GetFieldValue<DateOnly>(1))] = reader.GetDecimal(2);
        }

        return values;
    }

    /// <summary>The first and last day any series has a value for, or null when empty.</summary>
    public async Task<(DateOnly From, DateOnly To)?> RangeAsync(CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand("select min(day), max(day) from timely_values");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.IsDBNull(0) ? null : (reader.GetFieldValue<DateOnly>(0), reader.GetFieldValue<DateOnly>(1));
    }

    public async Task<(JsonObject Report, DateTimeOffset ReceivedAt)?> ReadLagsAsync(CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand("select report::text, received_at from timely_lags");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (JsonNode.Parse(reader.GetString(0))!.AsObject(), reader.GetFieldValue<DateTimeOffset>(1))
            : null;
    }

    public static async Task ClearAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var clear = new NpgsqlCommand("delete from timely_values; delete from timely_lags", connection, transaction);
        await clear.ExecuteNonQueryAsync(cancellationToken);
    }
}
