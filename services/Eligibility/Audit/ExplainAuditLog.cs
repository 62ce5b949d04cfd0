using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace WelfarePlatform.Eligibility.Audit;

/// <summary>
/// The append-only log of explain calls (ARCHITECTURE.md §4): each row's hash is SHA-256 over the
/// previous row's hash and the row, so an edited, removed or reordered row breaks the chain that
/// <see cref="VerifyAsync"/> recomputes. Appends are serialised by a transaction-level advisory lock.
/// </summary>
public sealed class ExplainAuditLog(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const long ChainLockKey = 0x454C494741554449;
    private static readonly byte[] Genesis = new byte[32];

    public async Task AppendAsync(string caller, string pid, string rulesetId, bool found, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long sequence = 1;
        var previous = Genesis;
        await using (var head = new NpgsqlCommand(
            $"select pg_advisory_xact_lock({ChainLockKey}); select sequence, hash from explain_audit order by sequence desc limit 1", connection, transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                sequence = reader.GetInt64(0) + 1;
                previous = reader.GetFieldValue<byte[]>(1);
            }
        }

        // PostgreSQL keeps microseconds: hash the time as it will be read back.
        var now = clock.GetUtcNow();
        var calledAt = new DateTimeOffset(now.Ticks - (now.Ticks % 10), TimeSpan.Zero);
        var row = new AuditRow(sequence, calledAt, caller, pid, rulesetId, found);
        await using (var insert = new NpgsqlCommand(
            "insert into explain_audit (sequence, called_at, caller, pid, ruleset_id, found, previous_hash, hash) values ($1, $2, $3, $4, $5, $6, $7, $8)",
            connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = sequence });
            insert.Parameters.Add(new NpgsqlParameter { Value = calledAt });
            insert.Parameters.Add(new NpgsqlParameter { Value = caller });
            insert.Parameters.Add(new NpgsqlParameter { Value = pid });
            insert.Parameters.Add(new NpgsqlParameter { Value = rulesetId });
            insert.Parameters.Add(new NpgsqlParameter { Value = found });
            insert.Parameters.Add(new NpgsqlParameter { Value = previous });
            insert.Parameters.Add(new NpgsqlParameter { Value = Hash(previous, row) });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Recomputes the chain from the first row; answers the rows checked and the first sequence that breaks it.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(
            "select sequence, called_at, caller, pid, ruleset_id, found, previous_hash, hash from explain_audit order by sequence");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var previous = Genesis;
        long expectedSequence = 1, rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new AuditRow(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetBoolean(5));
            var storedPrevious = reader.GetFieldValue<byte[]>(6);
            var stored = reader.GetFieldValue<byte[]>(7);
            if (row.Sequence != expectedSequence || !storedPrevious.AsSpan().SequenceEqual(previous) || !stored.AsSpan().SequenceEqual(Hash(previous, row)))
            {
                return new AuditVerification(false, rows, row.Sequence);
            }

            previous = stored;
            expectedSequence++;
            rows++;
        }

        return new AuditVerification(true, rows, null);
    }

    internal static byte[] Hash(byte[] previous, AuditRow row)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{row.Sequence}|{row.CalledAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}|{row.Caller}|{row.Pid}|{row.RulesetId}|{(row.Found ? 1 : 0)}");
        return SHA256.HashData([.. previous, .. Encoding.UTF8.GetBytes(text)]);
    }

    internal sealed record AuditRow(long Sequence, DateTimeOffset CalledAt, string Caller, string Pid, string RulesetId, bool Found);
}

/// <summary>The audit chain's state: intact, how many rows were checked, and the first broken sequence if not.</summary>
public sealed record AuditVerification(bool Intact, long RowsChecked, long? FirstBrokenSequence);
