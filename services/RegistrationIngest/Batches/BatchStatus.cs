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
