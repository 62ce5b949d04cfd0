using System.Text;
using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.ExternalData.Feeds;
using WelfarePlatform.ExternalData.Series;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.ExternalData.Disasters;

/// <summary>
/// Loads a disaster-declarations CSV into <c>disaster_declarations</c> in one transaction: a new
/// declaration is added, a known one (province, district, hazard, declared_on) is updated when its
/// ended_on or affected households changed, and the change is announced as the series
/// <c>disaster-declarations</c> through the outbox.
/// </summary>
public sealed class DisasterFeed(NpgsqlDataSource dataSource, SeriesWriter writer, Outbox outbox)
{
    public const string Name = "disasters";
    public const string Series = "disaster-declarations";

    static DisasterFeed() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>A decoder that throws on bytes the charset cannot hold (utf-8, windows-874, tis-620).</summary>
    public static Encoding? StrictEncoding(string? charset) => (charset ?? "utf-8").Trim('"').ToLowerInvariant() switch
    {
        "" or "utf-8" or "utf8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
        "windows-874" or "cp874" or "tis-620" or "tis620" => Encoding.GetEncoding(874, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => null,
    };

    public async Task<FeedResult> LoadAsync(string csv, DateOnly asOf, CancellationToken cancellationToken)
    {
        var parsed = DisasterCsvParser.Parse(csv, asOf);
        var changed = new List<SeriesPoint>();
        if (parsed.Declarations.Count > 0)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var upsert = new NpgsqlCommand(
                """
                insert into disaster_declarations as d (province_code, district, hazard, declared_on, ended_on, affected_households, source)
                select * from unnest($1::char(2)[], $2::text[], $3::text[], $4::date[], $5::date[], $6::int[], $7::text[])
                on conflict (province_code, district, hazard, declared_on) do update
                    set ended_on = excluded.ended_on, affected_households = excluded.affected_households,
                        source = excluded.source, updated_at = now()
                    where (d.ended_on, d.affected_households) is distinct from (excluded.ended_on, excluded.affected_households)
                returning d.province_code, d.declared_on, coalesce(d.ended_on, d.declared_on)
                """, connection, transaction))
            {
                var rows = parsed.Declarations;
                upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(d => d.ProvinceCode).ToArray() });
                upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(d => d.District).ToArray() });
                upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(d => d.Hazard).ToArray() });
                upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(d => d.DeclaredOn).ToArray() });
                upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(d => d.EndedOn).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
                upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(d => d.AffectedHouseholds).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
                upsert.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat($"{Name}:post", rows.Count).ToArray() });
                await using var reader = await upsert.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var province = reader.GetString(0);
                    changed.Add(new SeriesPoint(Series, province, reader.GetFieldValue<DateOnly>(1), 1));
                    changed.Add(new SeriesPoint(Series, province, reader.GetFieldValue<DateOnly>(2), 1));
                }
            }

            var events = writer.Summarise(changed, $"{Name}:post", asOf, Guid.CreateVersion7(), new Dictionary<string, string> { [Series] = "declarations" });
            foreach (var changedEvent in events)
            {
                // Two points per declaration (declared and ended day): count declarations, not points.
                var announced = changedEvent with { ValuesChanged = changed.Count / 2 };
                await outbox.EnqueueAsync(connection, transaction, announced, announced.EventId, announced.CorrelationId, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var warnings = parsed.UnknownColumns.Select(column => $"unknown column '{column}' was ignored").ToArray();
        return FeedResult.From(Name, parsed.RowsRead, parsed.Declarations.Count, changed.Count / 2, parsed.Rejects, warnings);
    }
}
