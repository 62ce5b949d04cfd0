namespace WelfarePlatform.Contracts;

/// <summary>
/// eligibility finished an evaluation under one ruleset (after a registry change set, or a full
/// re-evaluation). It carries the full per-province counts it now holds for that ruleset (a
/// snapshot: a consumer replaces its copy, and applying it twice changes nothing) and points to a
/// gzip-compressed JSON-lines blob (web casing) of <see cref="DeterminationChange"/>: the people whose outcome,
/// failed criteria or card-holder status changed in this evaluation.
/// </summary>
public sealed record DeterminationsChanged
{
    public required Guid EventId { get; init; }
    public required Guid CorrelationId { get; init; }
    public int SchemaVersion { get; init; } = 1;
    public required Guid EvaluationId { get; init; }
    /// <summary>e.g. <c>round-2022</c>.</summary>
    public required string RulesetId { get; init; }
    public required int RulesetVersion { get; init; }
    /// <summary><c>changeset</c> (a registry batch touched these people) or <c>full</c> (a full re-evaluation).</summary>
    public required string Trigger { get; init; }
    /// <summary>The registry batch whose change set caused this evaluation; null for a full re-evaluation.</summary>
    public Guid? SourceBatchId { get; init; }
    /// <summary>The as-of date of the data evaluated (the batch's as-of, or the evaluation date).</summary>
    public required DateOnly AsOf { get; init; }
    /// <summary>The date the ruleset's parameters and evidence freshness were taken at.</summary>
    public required DateOnly EvaluationDate { get; init; }
    /// <summary>People whose determination was evaluated.</summary>
    public required int Evaluated { get; init; }
    /// <summary>Lines of <see cref="ChangeSetBlob"/>.</summary>
    public required int Changed { get; init; }
    /// <summary>Card holders who became ineligible in this evaluation (lines with <c>inclusionError</c> true).</summary>
    public required int NewInclusionErrors { get; init; }
    /// <summary>Non-holders who became eligible in this evaluation (lines with <c>exclusionError</c> true).</summary>
    public required int NewExclusionErrors { get; init; }
    /// <summary>Container and name of the changed determinations, e.g. <c>determination-changes/round-2022/{evaluationId}.jsonl.gz</c>: gzip, then JSON lines.</summary>
    public required string ChangeSetBlob { get; init; }
    /// <summary>Every province eligibility holds people for, with this ruleset's counts.</summary>
    public required IReadOnlyList<ProvinceDeterminations> Provinces { get; init; }
    public required DateTimeOffset ComputedAt { get; init; }
}
