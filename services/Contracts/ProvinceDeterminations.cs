namespace WelfarePlatform.Contracts;

/// <summary>
/// One province's determinations under one ruleset, unsuppressed (the consumer publishes them with
/// small-cell suppression). Inclusion error: a card holder who is ineligible; exclusion error: an
/// eligible person without a card. A person is counted once under every criterion they fail.
/// </summary>
public sealed record ProvinceDeterminations
{
    public required string ProvinceCode { get; init; }
    public required int Registrants { get; init; }
    public required int Holders { get; init; }
    public required int Eligible { get; init; }
    public required int Ineligible { get; init; }
    public required int Unknown { get; init; }
    /// <summary>Criterion id → people failing it.</summary>
    public required IReadOnlyDictionary<string, int> IneligibleByCriterion { get; init; }
    public required int InclusionErrors { get; init; }
    public required int ExclusionErrors { get; init; }
    /// <summary>
    /// People whose outcome rests on at least one criterion decided by stale evidence (older than the
    /// ruleset's freshness limit). Absent in events from before eligibility counted it.
    /// </summary>
    public int? StaleEvidence { get; init; }
}
