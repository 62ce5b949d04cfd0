namespace WelfarePlatform.Contracts;

/// <summary>
/// A line of a <see cref="DeterminationsChanged"/> change set: one person's new determination,
/// pseudonymous (a <c>pid</c>, never a name or national ID).
/// </summary>
public sealed record DeterminationChange
{
    public required string Pid { get; init; }
    public required string ProvinceCode { get; init; }
    public required bool CardHolder { get; init; }
    /// <summary><c>eligible</c>, <c>ineligible</c> or <c>unknown</c>.</summary>
    public required string Outcome { get; init; }
    /// <summary>The outcome before this evaluation; null when the person had none under this ruleset.</summary>
    public string? PreviousOutcome { get; init; }
    /// <summary>Ids of the criteria the person fails, in the ruleset's order.</summary>
    public required IReadOnlyList<string> FailedCriteria { get; init; }
    /// <summary>A card holder who is now ineligible and was not an inclusion error before.</summary>
    public required bool InclusionError { get; init; }
    /// <summary>A non-holder who is now eligible and was not an exclusion error before.</summary>
    public required bool ExclusionError { get; init; }
}
