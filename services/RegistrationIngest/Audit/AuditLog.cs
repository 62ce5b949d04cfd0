using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace WelfarePlatform.RegistrationIngest.Audit;

/// <summary>The result of recomputing the audit chain.</summary>
public sealed record AuditChainCheck(long Rows, bool Valid, long? FirstBrokenSeq);

/// <summary>
/// The append-only audit log of reads of personal data (ARCHITECTURE.md §4). Each row's hash covers
/// the previous row's hash and the row, so an edited, removed or reordered row breaks the chain.
/// This class only appends and reads; the table's trigger refuses UPDATE, DELETE and TRUNCATE.
/// </summary>
internal sealed class AuditLog(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    // One writer at a time extends the chain; the lock is released at commit.
    private const long ChainLock = 0x0A0D17_0001;

    public async Task AppendAsync(string actor, string action, string subject, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockChain = new NpgsqlCommand($"select pg_advisory_xact_lock({ChainLock})", connection, transaction))
        {
            await lockChain.ExecuteNonQueryAsync(cancellationToken);
        }

        long previousSeq = 0;
        var previousHash = Genesis;
        await using (var head = new NpgsqlCommand("select seq, hash from audit_log order by seq desc limit 1", connection, transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (previousSeq, previousHash) = (reader.GetInt64(0), reader.GetString(1));
            }
        }

        var seq = previousSeq + 1;
        // PostgreSQL keeps microseconds: hash what the table will give back.
        var now = clock.GetUtcNow();
        var at = now.AddTicks(-(now.Ticks % 10));
        await using (var insert = new NpgsqlCommand(
            "insert into audit_log (seq, at, actor, action, subject, previous_hash, hash) values ($1, $2, $3, $4, $5, $6, $7)", connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = seq });
            insert.Parameters.Add(new NpgsqlParameter { Value = at });
            insert.Parameters.Add(new NpgsqlParameter { Value = actor });
            insert.Parameters.Add(new NpgsqlParameter { Value = action });
            insert.Parameters.Add(new NpgsqlParameter { Value = subject });
            insert.Parameters.Add(new NpgsqlParameter { Value = previousHash });
            insert.Parameters.Add(new NpgsqlParameter { Value = Hash(previousHash, seq, at, actor, action, subject) });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Recomputes every row's hash from the start of the chain.</summary>
    public async Task<AuditChainCheck> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand("select seq, at, actor, action, subject, previous_hash, hash from audit_log order by seq");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var previousHash = Genesis;
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            var seq = reader.GetInt64(0);
            var expected = Hash(previousHash, seq, reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
            if (seq != rows || reader.GetString(5) != previousHash || reader.GetString(6) != expected)
            {
                return new AuditChainCheck(rows, false, seq);
            }

            previousHash = expected;
        }

        return new AuditChainCheck(rows, true, null);
    }

    internal static string Hash(string previousHash, long seq, DateTimeOffset at, string actor, string action, string subject)
    {
        // Fields joined with a separator no field holds (a unit separator), so no two rows hash alike.
        var row = string.Join('\u001f', previousHash, seq.ToString(CultureInfo.InvariantCulture),
            at.UtcTicks.ToString(CultureInfo.InvariantCulture), actor, action, subject);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(row)));
    }
}
