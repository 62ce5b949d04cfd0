namespace WelfarePlatform.Contracts;

/// <summary>
/// registration-ingest finished loading a batch file. The changed records travel in Blob storage
/// (claim check): <see cref="ChangeSetBlob"/> names a gzip-compressed JSON-lines file (web casing) of
/// <see cref="RegistryChange"/> for registrations, <see cref="EvidenceChange"/> for evidence and
/// <see cref="PaymentTotal"/> for payments.
/// </summary>
public sealed record RegistryBatchCompleted
{
    public required Guid EventId { get; init; }
    public required Guid CorrelationId { get; init; }
    public int SchemaVersion { get; init; } = 1;
    public required Guid BatchId { get; init; }
    /// <summary><c>registrations</c>, <c>evidence</c> or <c>payments</c>.</summary>
    public required string Kind { get; init; }
    /// <summary>The sending source's code, e.g. <c>bank</c> or <c>revenue</c>.</summary>
    public required string Source { get; init; }
    /// <summary>The date the source's data describes.</summary>
    public required DateOnly AsOf { get; init; }
    public required int RowsRead { get; init; }
    public required int RowsAccepted { get; init; }
    public required int RowsRejected { get; init; }
    /// <summary>How many people's records the batch changed (the rows of the change set).</summary>
    public required int ChangedPersons { get; init; }
    /// <summary>Container and name of the change set, e.g. <c>changesets/registrations/{batchId}.jsonl.gz</c>: gzip, then JSON lines. Names without <c>.gz</c> (before 2026-11) are plain JSON lines.</summary>
    public required string ChangeSetBlob { get; init; }
    /// <summary>
    /// How many days may pass after <see cref="AsOf"/> before the source counts as stale (ingest's
    /// <c>Sources:&lt;code&gt;:CadenceDays</c>), so consumers judge freshness by the same rule as
    /// <c>GET /api/sources</c>. Absent in events written before schema version 1 had it.
    /// </summary>
    public int? SourceCadenceDays { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }
}
