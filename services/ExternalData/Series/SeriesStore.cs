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
}
