using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Npgsql;

namespace WelfarePlatform.SharingRequest.Audit;

/// <summary>The chain head as last signed: the last row's sequence number and hash, when, and the HMAC over them.</summary>
public sealed record SignedHead(long Seq, string Hash, DateTimeOffset SignedAt, string Signature);

/// <summary>
/// <c>Audit:HeadSigningKey</c> (at least 32 bytes; without it no head is signed and verify says so) and
/// <c>Audit:HeadInterval</c> (how often the head is signed, default 10 s: rows appended since the last
/// signing are covered by the chain but not yet by a signed head).
/// </summary>
public sealed record AuditHeadOptions(byte[]? Key, TimeSpan Interval)
{
    public const string KeySetting = "Audit:HeadSigningKey";

    public static AuditHeadOptions FromConfiguration(IConfiguration configuration)
    {
        var secret = configuration[KeySetting];
        var key = string.IsNullOrWhiteSpace(secret) ? null : Encoding.UTF8.GetBytes(secret);
        if (key is { Length: < 32 })
        {
            throw new InvalidOperationException($"{KeySetting} must be at least 32 bytes; it has {key.Length}. Set Audit__HeadSigningKey to a longer secret.");
        }

        return new AuditHeadOptions(key, configuration.GetValue("Audit:HeadInterval", TimeSpan.FromSeconds(10)));
    }
}

/// <summary>
/// Keeps the audit chain's head outside the database (ARCHITECTURE.md §7): the last row's sequence
/// number and hash, signed with HMAC-SHA256, in Blob storage. Whoever can rewrite the table cannot
/// forge the head without the key, so a truncated tail or a rewritten chain no longer matches it.
/// </summary>
public sealed class AuditHeadStore(NpgsqlDataSource dataSource, BlobServiceClient blobs, AuditHeadOptions options, TimeProvider clock)
{
    public const string Container = "sharing-audit";
    // One head per audit database: services (or tests) sharing one storage account never sign over each other's head.
    private readonly string blobName = $"head-{new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database}.json";

    public bool Enabled => options.Key is not null;

    /// <summary>Signs and stores the current head when it moved since the stored one; answers the head stored.</summary>
    public async Task<SignedHead?> SignAsync(CancellationToken cancellationToken)
    {
        if (options.Key is null)
        {
            return null;
        }

        long seq;
        string hash;
        // The reader is disposed once, before the next command: disposing a data source reader a
        // second time returned its connection to the pool again while a request was using it
        // ("A command is already in progress" in POST /api/requests).
        await using (var select = dataSource.CreateCommand("select seq, hash from audit_log order by seq desc limit 1"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (seq, hash) = (reader.GetInt64(0), reader.GetString(1));
        }

        var stored = await ReadAsync(cancellationToken);
        if (stored is not null && stored.Seq == seq && stored.Hash == hash)
        {
            return stored;
        }

        // Never sign over a tampered trail: that would make a removed tail or a rewritten chain look genuine.
        if (stored is not null && (seq < stored.Seq || await HashAtAsync(stored.Seq, cancellationToken) != stored.Hash))
        {
            throw new InvalidOperationException(
                $"The audit trail no longer holds the signed head (row {stored.Seq}, signed {stored.SignedAt:u}); it was truncated or rewritten. GET /api/audit/verify says where.");
        }

        var signedAt = clock.GetUtcNow();
        var head = new SignedHead(seq, hash, signedAt, Sign(options.Key, seq, hash, signedAt));
        var container = blobs.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromObjectAsJson(head, JsonSerializerOptions.Web), overwrite: true, cancellationToken);
        return head;
    }

    private async Task<string?> HashAtAsync(long seq, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand("select hash from audit_log where seq = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = seq });
        return (string?)await select.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>The stored head, or null when none was written yet.</summary>
    public async Task<SignedHead?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var content = await blobs.GetBlobContainerClient(Container).GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<SignedHead>(JsonSerializerOptions.Web);
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Whether the head's signature is the one the configured key gives.</summary>
    public bool IsGenuine(SignedHead head) =>
        options.Key is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(head.Signature), Encoding.ASCII.GetBytes(Sign(options.Key, head.Seq, head.Hash, head.SignedAt)));

    public static string Sign(byte[] key, long seq, string hash, DateTimeOffset signedAt) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            string.Join('\u001f', seq.ToString(CultureInfo.InvariantCulture), hash, signedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)))));
}
