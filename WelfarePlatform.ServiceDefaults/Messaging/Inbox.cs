using Npgsql;

namespace WelfarePlatform.ServiceDefaults.Messaging;

/// <summary>
/// Applies a message's effects at most once per consumer: the message id is recorded in the same
/// transaction as the effects, so a redelivery (after a crash, a broker restart or on another
/// replica) finds it and changes nothing.
/// </summary>
public sealed class Inbox(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Runs <paramref name="apply"/> in a transaction unless <paramref name="consumer"/> has already
    /// handled <paramref name="messageId"/>. Returns false when the message was a duplicate.
    /// </summary>
    public async Task<bool> HandleOnceAsync(Guid messageId, string consumer, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> apply, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var claim = new NpgsqlCommand(
            "insert into inbox_messages (message_id, consumer) values ($1, $2) on conflict do nothing", connection, transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = messageId });
            claim.Parameters.Add(new NpgsqlParameter { Value = consumer });
            // A concurrent replica handling the same message waits here on the key until the
            // first one commits, then sees zero rows inserted.
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await apply(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
