namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>A batch's state and counts (FORMATS.md, <c>GET /api/batches/{id}</c>).</summary>
public sealed record BatchStatus(
    Guid BatchId,
    string Kind,
    string Source,
    DateOnly AsOf,
    string Status,
    int RowsRead,
    int RowsAccepted,
    int RowsRejected,
    IReadOnlyDictionary<string, int> RejectsByReason,
    IReadOnlyList<string> Warnings,
    string? Error,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? CompletedAt,
    string ContentSha256);

/// <summary>A batch claimed for processing; <paramref name="Attempt"/> is the claim's fencing number.</summary>
internal sealed record ClaimedBatch(Guid BatchId, string Kind, string Source, DateOnly AsOf, string Charset, string RawBlob, int Attempt);

/// <summary>This worker's lease on a batch ran out and another worker claimed it: stop, change nothing.</summary>
internal sealed class LostBatchLeaseException(ClaimedBatch batch)
    : Exception($"Batch {batch.BatchId}: attempt {batch.Attempt} lost its lease to a newer attempt; its work is rolled back.");

/// <summary>
/// The file a batch was received as is no longer in Blob storage (deleted, or lost with the storage).
/// Sending the same bytes again keeps them again under the same name, and the batch's next attempt loads them.
/// </summary>
internal sealed class RawFileMissingException(string blobName, Exception inner)
    : Exception($"The raw file {blobName} is not in Blob storage.", inner)
{
    /// <summary>What the batch's status says: the agencies that post files read it.</summary>
    public const string Reason = "the file received for this batch is no longer in Blob storage; send the same file again and it loads on the next attempt";
}
