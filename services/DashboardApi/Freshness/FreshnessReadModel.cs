using Npgsql;
using WelfarePlatform.DashboardApi.Changes;

namespace WelfarePlatform.DashboardApi.Freshness;

/// <summary>One source's newest delivery, as stored.</summary>
public sealed record SourceDelivery(string Source, string Kind, DateOnly LastAsOf, int? CadenceDays, DateTimeOffset LastReceivedAt);

/// <summary>The <c>source_freshness</c> read model.</summary>
public sealed class FreshnessReadModel(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Records a delivery. The as-of date and receipt time only move forward (a late, older batch does
    /// not make a source look older); the cadence follows the newest event that carries one.
    /// </summary>
    public static async Task RecordAsync(SourceDelivery delivery, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var upsert = new NpgsqlCommand(
            """
            insert into source_freshness (source, kind, last_as_of, cadence_days, last_received_at) values ($1, $2, $3, $4, $5)
            on conflict (source, kind) do update set
                last_as_of = greatest(source_freshness.last_as_of, excluded.last_as_of),
                cadence_days = coalesce(excluded.cadence_days, source_freshness.cadence_days),
                last_received_at = greatest(source_freshness.last_received_at, excluded.last_received_at)
            """, connection, transaction);
        upsert.Parameters.Add(new NpgsqlParameter { Value = delivery.Source });
        upsert.Parameters.Add(new NpgsqlParameter { Value = delivery.Kind });
        upsert.Parameters.Add(new NpgsqlParameter { Value = delivery.LastAsOf });
        upsert.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = delivery.CadenceDays });
        upsert.Parameters.Add(new NpgsqlParameter { Value = delivery.LastReceivedAt });
        await upsert.ExecuteNonQueryAsync(cancellationToken);
        await ReadModelChanges.RecordAsync(ReadModelChanges.Freshness, connection, transaction, cancellationToken);
    }

    public async Task<IReadOnlyList<SourceDelivery>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand("select source, kind, last_as_of, cadence_days, last_received_at from source_freshness order by source, kind");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var sources = new List<SourceDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sources.Add(new SourceDelivery(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return sources;
    }

    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var clear = new NpgsqlCommand("delete from source_freshness", connection, transaction))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await ReadModelChanges.RecordAsync(ReadModelChanges.Freshness, connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
