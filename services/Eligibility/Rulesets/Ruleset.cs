namespace WelfarePlatform.Eligibility.Rulesets;

/// <summary>
/// A round's eligibility rules as data (RULESETS.md): criteria over named parameters whose values
/// have valid-from dates, so a new round or a changed threshold is a file change, not a code change.
/// </summary>
public sealed record Ruleset
{
    /// <summary>Parameter holding the freshness limit: evidence older than this many days before the evaluation date is stale.</summary>
    public const string FreshnessParameter = "max_evidence_age_days";

    /// <summary>e.g. <c>round-2022</c>.</summary>
    public required string Id { get; init; }
    /// <summary>Raised whenever the file changes; determinations record the version they used.</summary>
    public required int Version { get; init; }
    public required string NameEn { get; init; }
    public required string NameTh { get; init; }
    /// <summary>The date ages are counted on (full years).</summary>
    public required DateOnly ReferenceDate { get; init; }
    /// <summary>Where the values come from.</summary>
    public string? Source { get; init; }
    /// <summary>Parameter name → its values, each valid from a date until the next one.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<ParameterValue>> Parameters { get; init; }
    /// <summary>The criterion whose value is the income the monthly benefit depends on (what-if cost).</summary>
    public string BenefitIncomeCriterion { get; init; } = "INCOME";
    /// <summary>The criteria, in the order determinations list them.</summary>
    public required IReadOnlyList<CriterionDefinition> Criteria { get; init; }

    /// <summary>
    /// The value of <paramref name="parameter"/> in force on <paramref name="date"/>: the one with the
    /// latest valid-from not after the date. Null when none is in force yet, or the one in force is
    /// null (the parameter was ended on that date).
    /// </summary>
    public decimal? ParameterOn(string? parameter, DateOnly date)
    {
        if (parameter is null || !Parameters.TryGetValue(parameter, out var values))
        {
            return null;
        }

        ParameterValue? inForce = null;
        foreach (var value in values)
        {
            if (value.ValidFrom <= date && (inForce is null || value.ValidFrom >= inForce.ValidFrom))
            {
                inForce = value;
            }
        }

        return inForce?.Value;
    }
}

/// <summary>One value of a parameter, in force from <see cref="ValidFrom"/> until the next value's date.</summary>
public sealed record ParameterValue
{
    public required DateOnly ValidFrom { get; init; }
    /// <summary>Null ends the parameter: a criterion using it is not applied from that date.</summary>
    public decimal? Value { get; init; }
    public string? Note { get; init; }
}
