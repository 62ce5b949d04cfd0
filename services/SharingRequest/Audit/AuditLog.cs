using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace WelfarePlatform.SharingRequest.Audit;

/// <summary>One row of the audit trail.</summary>
public sealed record AuditEntry(long Seq, DateTimeOffset At, string Actor, string Role, string Action, Guid? RequestId, string Detail, string PreviousHash, string Hash);

/// <summary>
/// The result of recomputing the chain: <c>FirstBrokenSeq</c> names the first row that does not match;
/// <c>Head</c> says whether the table still holds the head signed outside the database.
/// </summary>
public sealed record AuditChainCheck(long Rows, bool Valid, long? FirstBrokenSeq, HeadCheck Head);

/// <summary>
/// The signed chain head checked against the table. Status: <c>matches</c>; <c>truncated</c> (the table
/// holds fewer rows than the signed head); <c>rewritten</c> (the row at the head has another hash);
/// <c>bad_signature</c> (the stored head was not signed with the key); <c>not_signed_yet</c>; <c>not_configured</c>.
/// </summary>
public sealed record HeadCheck(string Status, long? SignedSeq, DateTimeOffset? SignedAt, string Detail);

/// <summary>
/// The append-only audit trail of requests, decisions and revocations (ARCHITECTURE.md §4). A row
/// is written in the same transaction as the change it records; each row's hash is SHA-256 over the
/// previous row's hash and the row's canonical content, so an edited, removed or reordered row
/// breaks the chain. The table's trigger refuses UPDATE, DELETE and TRUNCATE.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, AuditHeadStore heads)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    // One writer at a time extends the chain; the lock is released at commit or rollback.
    private const long ChainLock = 0x5A4E_0008;

    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now,
        string actor, string role, string action, Guid? requestId, string detail, CancellationToken cancellationToken)
    {
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
        var at = Microseconds(now);
        await using var insert = new NpgsqlCommand(
            "insert into audit_log (seq, at, actor, role, action, request_id, detail, previous_hash, hash) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = seq });
        insert.Parameters.Add(new NpgsqlParameter { Value = at });
        insert.Parameters.Add(new NpgsqlParameter { Value = actor });
        insert.Parameters.Add(new NpgsqlParameter { Value = role });
        insert.Parameters.Add(new NpgsqlParameter { Value = action });
        insert.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = requestId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        insert.Parameters.Add(new NpgsqlParameter { Value = detail });
        insert.Parameters.Add(new NpgsqlParameter { Value = previousHash });
        insert.Parameters.Add(new NpgsqlParameter { Value = Hash(previousHash, seq, at, actor, role, action, requestId, detail) });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(Guid? requestId, int limit, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand("""
            select seq, at, actor, role, action, request_id, detail, previous_hash, hash from audit_log
            where $1::uuid is null or request_id = $1 order by seq limit $2
            """);
        select.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = requestId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        select.Parameters.Add(new NpgsqlParameter { Value = limit });
        var entries = new List<AuditEntry>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.GetString(6), reader.GetString(7), reader.GetString(8)));
        }

        return entries;
    }

    /// <summary>Recomputes every row's hash from the start of the chain, then checks the signed head against the table.</summary>
    public async Task<AuditChainCheck> VerifyAsync(CancellationToken cancellationToken)
    {
        var head = heads.Enabled ? await heads.ReadAsync(cancellationToken) : null;
        await using var select = dataSource.CreateCommand(
            "select seq, at, actor, role, action, request_id, detail, previous_hash, hash from audit_log order by seq");
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var previousHash = Genesis;
        long rows = 0;
        long? firstBroken = null;
        string? hashAtHead = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            var seq = reader.GetInt64(0);
            if (seq == head?.Seq)
            {
                hashAtHead = reader.GetString(8);
            }

            if (firstBroken is not null)
            {
                continue;
            }

            var expected = Hash(previousHash, seq, reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.GetString(6));
            if (seq != rows || reader.GetString(7) != previousHash || reader.GetString(8) != expected)
            {
                firstBroken = seq;
            }

            previousHash = expected;
        }

        var headCheck = CheckHead(head, rows, hashAtHead);
        return new AuditChainCheck(rows, firstBroken is null && headCheck.Status is "matches" or "not_signed_yet" or "not_configured", firstBroken, headCheck);
    }

    private HeadCheck CheckHead(SignedHead? head, long rows, string? hashAtHead)
    {
        if (!heads.Enabled)
        {
            return new("not_configured", null, null, $"{AuditHeadOptions.KeySetting} is not set: no head is signed, so a truncated trail cannot be detected.");
        }

        if (head is null)
        {
            return new("not_signed_yet", null, null, "No head was signed yet (it is signed every Audit:HeadInterval once the trail has rows).");
        }

        if (!heads.IsGenuine(head))
        {
            return new("bad_signature", head.Seq, head.SignedAt, "The stored head's signature does not match the key: it was not written by this service.");
        }

        if (hashAtHead is null)
        {
            return new("truncated", head.Seq, head.SignedAt, $"The head signed at {head.SignedAt:u} covers {head.Seq} rows; the table holds {rows}: rows after {rows} were removed.");
        }

        return hashAtHead == head.Hash
            ? new("matches", head.Seq, head.SignedAt, $"The table holds the head signed at {head.SignedAt:u} (row {head.Seq}).")
            : new("rewritten", head.Seq, head.SignedAt, $"Row {head.Seq} no longer has the hash signed at {head.SignedAt:u}: the chain was rewritten.");
    }

    /// <summary>SHA-256 over the previous hash and the row's fields, joined by a unit separator no field holds.</summary>
    public static string Hash(string previousHash, long seq, DateTimeOffset at, string actor, string role, string action, Guid? requestId, string detail)
    {
        var row = string.Join('\u001f', previousHash, seq.ToString(CultureInfo.InvariantCulture), at.UtcTicks.ToString(CultureInfo.InvariantCulture),
            actor, role, action, requestId?.ToString("D") ?? "", detail);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(row)));
    }

    /// <summary>PostgreSQL keeps microseconds: hash what the table will give back.</summary>
    public static DateTimeOffset Microseconds(DateTimeOffset now) => now.AddTicks(-(now.Ticks % 10)).ToUniversalTime();
}
