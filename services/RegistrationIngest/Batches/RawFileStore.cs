using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>A received file, kept unchanged under its content hash.</summary>
internal sealed record RawFile(string Sha256, string BlobName, long Length);

/// <summary>
/// Keeps every received file unchanged in Blob storage, named by its SHA-256, before anything reads
/// it: any batch can be reprocessed and audited, and a second upload of the same bytes writes nothing new.
/// </summary>
internal sealed class RawFileStore(BlobServiceClient blobs)
{
    public const string ContainerName = "raw";

    /// <summary>
    /// Uploads of gigabyte files in 8 MiB blocks, two at a time: the SDK's defaults send up to 256 MiB
    /// in one request and run more blocks at once, and a block being sent may sit in a buffer, so the
    /// memory an upload can take is bounded here (2 × 8 MiB), not by the file's size.
    /// </summary>
    public static readonly StorageTransferOptions Transfer = new()
    {
        InitialTransferSize = 8 << 20,
        MaximumTransferSize = 8 << 20,
        MaximumConcurrency = 2,
    };

    public async Task<RawFile> KeepAsync(Stream body, string source, string kind, CancellationToken cancellationToken)
    {
        // The hash names the blob, so the body is spooled to a temporary file while hashing
        // rather than held in memory: a registry file is gigabytes.
        var spool = Path.Combine(Path.GetTempPath(), $"welfare-upload-{Guid.NewGuid():N}");
        try
        {
            string sha256;
            long length;
            await using (var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                length = file.Length;
                file.Position = 0;

                var blobName = $"{source}/{kind}/{sha256}.csv";
                var container = await ContainerAsync(cancellationToken);
                var blob = container.GetBlobClient(blobName);
                if (!await blob.ExistsAsync(cancellationToken))
                {
                    await blob.UploadAsync(file, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv" }, TransferOptions = Transfer }, cancellationToken);
                }

                return new RawFile(sha256, blobName, length);
            }
        }
        finally
        {
            File.Delete(spool);
        }
    }

    /// <exception cref="RawFileMissingException">The file is not in Blob storage.</exception>
    public async Task<Stream> OpenAsync(string blobName, CancellationToken cancellationToken)
    {
        var container = await ContainerAsync(cancellationToken);
        try
        {
            return await container.GetBlobClient(blobName).OpenReadAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            throw new RawFileMissingException(blobName, e);
        }
    }

    private async Task<BlobContainerClient> ContainerAsync(CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(ContainerName);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        return container;
    }
}
