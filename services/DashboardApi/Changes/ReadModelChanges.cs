using System.Text.Json;
using Npgsql;

namespace WelfarePlatform.DashboardApi.Changes;

/// <summary>A read model changed: its name (<c>targeted</c>, <c>timely</c>, <c>freshness</c>), its new version and when.</summary>
public sealed record ReadModelChange(string ReadModel, long Version, DateTimeOffset ChangedAt);

/// <summary>
/// Raises a read model's version inside the transaction that changes it and sends a PostgreSQL
/// NOTIFY in the same transaction: PostgreSQL delivers it only when the transaction commits, to every
/// replica listening, so no replica hears of a change it cannot yet read, and none misses one.
/// </summary>
public static class ReadModelChanges
{
    public const string Channel = "dashboard_read_model_changed";
    public const string Targeted = "targeted";
    public const string Timely = "timely";
    public const string Freshness = "freshness";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ReadModelChange> RecordAsync(string readModel, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        ReadModelChange change;
        await using (var bump = new NpgsqlCommand(
            """
            insert into read_model_changes (read_model, version, changed_at) values ($1, 1, clock_timestamp())
            on conflict (read_model) do update set version = read_model_changes.version + 1, changed_at = clock_timestamp()
            returning version, changed_at
            """, connection, transaction))
        {
            bump.Parameters.Add(new NpgsqlParameter { Value = readModel });
            await using var reader = await bump.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            change = new ReadModelChange(readModel, reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1));
        }

        await using var notify = new NpgsqlCommand("select pg_notify($1, $2)", connection, transaction);
        notify.Parameters.Add(new NpgsqlParameter { Value = Channel });
        notify.Parameters.Add(new NpgsqlParameter { Value = Serialize(change) });
        await notify.ExecuteNonQueryAsync(cancellationToken);
        return change;
    }

    public static string Serialize(ReadModelChange change) => JsonSerializer.Serialize(change, Json);

    public static ReadModelChange? Deserialize(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<ReadModelChange>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
