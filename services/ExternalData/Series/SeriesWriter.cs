using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.ExternalData.Series;

/// <summary>
/// Writes province-day values into <c>series_values</c> inside the caller's transaction, keeps a
/// replaced value in <c>series_value_history</c>, and announces each changed series through the
/// outbox. Set-based: the values are copied into a staging table and merged in two statements.
/// </summary>
public sealed class SeriesWriter(Outbox outbox, TimeProvider clock)
{
    public async Task<IReadOnlyList<ProvinceSeriesChanged>> WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<SeriesPoint> points,
        SeriesWriteMode mode, string source, DateOnly asOf, Guid correlationId, CancellationToken cancellationToken)
    {
        if (points.Count == 0)
        {
            return [];
        }

        await ExecuteAsync(connection, transaction,
            "create temp table if not exists staging_values (series text, province_code char(2), day date, value numeric) on commit drop; truncate staging_values", cancellationToken);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "copy staging_values (series, province_code, day, value) from stdin (format binary)", cancellationToken))
        {
            foreach (var point in points)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(point.Series, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(point.ProvinceCode, NpgsqlDbType.Char, cancellationToken);
                await copy.WriteAsync(point.Day, NpgsqlDbType.Date, cancellationToken);
                await copy.WriteAsync(point.Value, NpgsqlDbType.Numeric, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        if (mode == SeriesWriteMode.Replace)
        {
            // Most of a re-published feed is unchanged: drop those rows first, so the history and
            // the merge below touch only what changes (the same feed twice does one join and stops).
            await ExecuteAsync(connection, transaction,
                """
                delete from staging_values s using series_values v
                where v.series = s.series and v.province_code = s.province_code and v.day = s.day and v.value = s.value
                """, cancellationToken);
            await using var history = new NpgsqlCommand(
                """
                insert into series_value_history (series, province_code, day, value, source, valid_from, replaced_by_source)
                select v.series, v.province_code, v.day, v.value, v.source, v.updated_at, $1
                from series_values v join staging_values s using (series, province_code, day)
                """, connection, transaction);
            history.Parameters.Add(new NpgsqlParameter { Value = source });
            await history.ExecuteNonQueryAsync(cancellationToken);
        }

        // Only rows whose value really changes are touched: the same feed twice returns nothing.
        var merge = mode == SeriesWriteMode.Replace
            ? """
              insert into series_values as v (series, province_code, day, value, source)
              select series, province_code, day, value, $1 from staging_values
              on conflict (series, province_code, day) do update
                  set value = excluded.value, source = excluded.source, updated_at = now()
                  where v.value <> excluded.value
              returning v.series, v.province_code, v.day
              """
            : """
              insert into series_values as v (series, province_code, day, value, source)
              select series, province_code, day, sum(value), $1 from staging_values
              group by series, province_code, day
              having sum(value) <> 0
              on conflict (series, province_code, day) do update
                  set value = v.value + excluded.value, source = excluded.source, updated_at = now()
              returning v.series, v.province_code, v.day
              """;
        await using var upsert = new NpgsqlCommand(merge, connection, transaction);
        upsert.Parameters.Add(new NpgsqlParameter { Value = source });
        var changed = new List<SeriesPoint>();
        await using (var reader = await upsert.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                changed.Add(new SeriesPoint(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), 0));
            }
        }

        var events = Summarise(changed, source, asOf, correlationId, await UnitsAsync(connection, transaction, cancellationToken));
        foreach (var changedEvent in events)
        {
            await outbox.EnqueueAsync(connection, transaction, changedEvent, changedEvent.EventId, changedEvent.CorrelationId, cancellationToken);
        }

        return events;
    }

    /// <summary>One event per changed series: its provinces and its date range.</summary>
    public IReadOnlyList<ProvinceSeriesChanged> Summarise(
        IEnumerable<SeriesPoint> changed, string source, DateOnly asOf, Guid correlationId, IReadOnlyDictionary<string, string> units) =>
        [.. changed.GroupBy(p => p.Series).OrderBy(g => g.Key, StringComparer.Ordinal).Select(series => new ProvinceSeriesChanged
        {
            EventId = Guid.CreateVersion7(),
            CorrelationId = correlationId,
            Series = series.Key,
            Unit = units.GetValueOrDefault(series.Key, ""),
            ProvinceCodes = [.. series.Select(p => p.ProvinceCode).Distinct().Order(StringComparer.Ordinal)],
            From = series.Min(p => p.Day),
            To = series.Max(p => p.Day),
            ValuesChanged = series.Count(),
            Source = source,
            AsOf = asOf,
            ChangedAt = clock.GetUtcNow(),
        })];

    private static async Task<Dictionary<string, string>> UnitsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("select name, unit from series", connection, transaction);
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            units[reader.GetString(0)] = reader.GetString(1);
        }

        return units;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
