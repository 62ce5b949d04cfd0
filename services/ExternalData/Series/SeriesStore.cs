using Npgsql;

namespace WelfarePlatform.ExternalData.Series;

/// <summary>A province-day series: what it measures and in which unit.</summary>
public sealed record SeriesDescription(string Name, string Unit, string Description, int Values);

/// <summary>The <c>series</c> and <c>series_values</c> tables.</summary>
public sealed class SeriesStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<SeriesDescription>> ListAsync(CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(
            """
            select s.name, s.unit, s.description, count(v.series)::int
            from series s left join series_values v on v.series = s.name
            group by s.name, s.unit, s.description order by s.name
            """);
        var series = new List<SeriesDescription>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            series.Add(new SeriesDescription(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }

        return series;
    }

    public async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand("select 1 from series where name = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = name });
        return await select.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Values of one series from <paramref name="from"/> to <paramref name="to"/>, for the given provinces (all when empty).</summary>
    public async Task<IReadOnlyList<SeriesValue>> ValuesAsync(string name, string[] provinceCodes, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(
            """
            select province_code, day, value, source, updated_at from series_values
            where series = $1 and day between $2 and $3 and (cardinality($4::text[]) = 0 or province_code = any($4::text[]))
            order by province_code, day
            """);
        select.Parameters.Add(new NpgsqlParameter { Value = name });
        select.Parameters.Add(new NpgsqlParameter { Value = from });
        select.Parameters.Add(new NpgsqlParameter { Value = to });
        select.Parameters.Add(new NpgsqlParameter { Value = provinceCodes });
        var values = new List<SeriesValue>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(new SeriesValue(reader.GetString(0), reader.GetFieldValue<DateOnly>(1), reader.GetDecimal(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return values;
    }
}
