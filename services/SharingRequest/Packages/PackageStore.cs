using Azure.Storage.Blobs;
using Npgsql;
using WelfarePlatform.SharingRequest.Audit;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>The <c>packages</c> table and the download of a package's files, each download audited.</summary>
public sealed class PackageStore(NpgsqlDataSource dataSource, BlobServiceClient blobs, TimeProvider clock)
{
    public async Task<PackageManifest?> FindAsync(Guid requestId, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand("select built_at, expires_at, files, coalesce(blob_prefix, request_id::text) from packages where request_id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = requestId });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var files = reader.GetFieldValue<string[]>(2).Select(f => new PackageFile(f, $"/api/requests/{requestId}/package/files/{f}")).ToList();
        return new PackageManifest(requestId, reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1), files) { BlobPrefix = reader.GetString(3) };
    }

    public bool IsExpired(PackageManifest package) => clock.GetUtcNow() >= package.ExpiresAt;

    /// <summary>Writes the download's audit row, then opens the file.</summary>
    public async Task<Stream> OpenForDownloadAsync(PackageManifest package, string file, string actor, string role, CancellationToken cancellationToken)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await AuditLog.AppendAsync(connection, transaction, clock.GetUtcNow(), actor, role, "package.downloaded", package.RequestId, $"{{\"file\":\"{file}\"}}", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return await blobs.GetBlobContainerClient(PackageBuilder.Container).GetBlobClient($"{package.BlobPrefix}/{file}").OpenReadAsync(cancellationToken: cancellationToken);
    }
}
