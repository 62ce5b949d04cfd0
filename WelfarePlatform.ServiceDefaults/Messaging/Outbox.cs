using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace WelfarePlatform.ServiceDefaults.Messaging;

/// <summary>
/// Writes integration events into the service's outbox table inside the caller's transaction, so
/// an event exists if and only if the state change it announces was committed.
/// </summary>
public sealed class Outbox
{
    internal static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web);

    public async Task EnqueueAsync<TEvent>(NpgsqlConnection connection, NpgsqlTransaction transaction, TEvent message, Guid messageId, Guid? correlationId = null, CancellationToken cancellationToken = default)
        where TEvent : class
    {
        // The notification reaches the dispatchers' LISTEN at commit, and not at all on a rollback.
        await using var command = new NpgsqlCommand(
            $"""
            with queued as (
                insert into outbox_messages (message_id, message_type, body, correlation_id)
                values ($1, $2, $3, $4)
                on conflict (message_id) do nothing
                returning 1
            )
            select pg_notify('{OutboxDispatcher.Channel}', '') from queued
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = messageId });
        command.Parameters.Add(new NpgsqlParameter { Value = TypeName(typeof(TEvent)) });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(message, SerializerOptions), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)correlationId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
