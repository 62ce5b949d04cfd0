using System.Text.Json;
using Azure.Storage.Blobs;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>
/// A batch's change set: JSON lines (web casing) spooled to a temporary file, then kept in Blob
/// storage under the batch's id, so a redone batch overwrites the same blob.
/// </summary>
internal sealed class ChangeSetWriter(string kind, Guid batchId) : IAsyncDisposable
{
    public const string Container = "changesets";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string spool = Path.Combine(Path.GetTempPath(), $"welfare-changeset-{batchId:N}-{Guid.NewGuid():N}.jsonl");
    private FileStream? file;

    public int Lines { get; private set; }

    /// <summary>Appends one line. Synchronous on purpose: it lands in the file's 64 KiB buffer, and a change set has millions of lines.</summary>
    public void Write<T>(T line)
    {
        file ??= new FileStream(spool, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        JsonSerializer.Serialize(file, line, Json);
        file.WriteByte((byte)'\n');
        Lines++;
    }

    /// <summary>Uploads the lines (an empty blob when there are none) and answers "container/name".</summary>
    public async Task<string> UploadAsync(BlobServiceClient blobs, CancellationToken cancellationToken)
    {
        file ??= new FileStream(spool, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await file.DisposeAsync();
        var container = blobs.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var blobName = $"{kind}/{batchId}.jsonl";
        await container.GetBlobClient(blobName).UploadAsync(spool, new Azure.Storage.Blobs.Models.BlobUploadOptions { TransferOptions = RawFileStore.Transfer }, cancellationToken);
        return $"{Container}/{blobName}";
    }

    public async ValueTask DisposeAsync()
    {
        if (file is not null)
        {
            await file.DisposeAsync();
        }

        File.Delete(spool);
    }
}
