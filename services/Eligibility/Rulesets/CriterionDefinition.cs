using System.Text.Json.Serialization;

namespace WelfarePlatform.Eligibility.Rulesets;

/// <summary>
/// One criterion: which fact it reads (the first of <see cref="Facts"/> the person has), how it
/// compares it, and with which parameter or expected value.
/// </summary>
public sealed record CriterionDefinition
{
    /// <summary>e.g. <c>INCOME</c>.</summary>
    public required string Id { get; init; }
    /// <summary>What is compared, in English, for reasons ("individual income (baht a year)").</summary>
    public required string LabelEn { get; init; }
    /// <summary>What is compared, in Thai.</summary>
    public required string LabelTh { get; init; }
    /// <summary>
    /// Fact names in order of preference (<c>annual_income</c>, else <c>declared_income</c>): the
    /// registration's <c>nationality</c>, <c>birth_date</c>, <c>declared_income</c> or an evidence type.
    /// </summary>
    public required IReadOnlyList<string> Facts { get; init; }
    public required Comparison Comparison { get; init; }
    /// <summary>The parameter holding the limit (<see cref="Comparison.AtMost"/>, <see cref="Comparison.Below"/>, <see cref="Comparison.MinAge"/>).</summary>
    public string? Parameter { get; init; }
    /// <summary>The required number for <see cref="Comparison.EqualTo"/> (e.g. 0 for <c>credit_card</c>).</summary>
    public decimal? Expected { get; init; }
    /// <summary>The required text for <see cref="Comparison.EqualTo"/> (e.g. <c>TH</c> for <c>nationality</c>).</summary>
    public string? ExpectedText { get; init; }
    /// <summary>The value used when no source has the fact ("missing = 0"); null: missing evidence leaves the criterion unknown.</summary>
    public decimal? MissingValue { get; init; }
    /// <summary><see cref="Aggregate.HouseholdAverage"/>: the mean of the fact over everyone with the same household.</summary>
    public Aggregate Aggregate { get; init; } = Aggregate.None;
}

/// <summary>How a criterion compares its value with its limit.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Comparison>))]
public enum Comparison
{
    /// <summary>Passes when value ≤ limit (a value equal to the limit passes).</summary>
    [JsonStringEnumMemberName("atMost")]
    AtMost,
    /// <summary>Passes when value &lt; limit (a value equal to the limit fails).</summary>
    [JsonStringEnumMemberName("below")]
    Below,
    /// <summary>Passes when the value equals the expected number or text.</summary>
    [JsonStringEnumMemberName("equals")]
    EqualTo,
    /// <summary>Passes when the age in full years on the reference date is at least the limit.</summary>
    [JsonStringEnumMemberName("minAge")]
    MinAge,
}

/// <summary>Whose facts a criterion reads.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Aggregate>))]
public enum Aggregate
{
    /// <summary>The person's own.</summary>
    [JsonStringEnumMemberName("none")]
    None,
    /// <summary>The mean over the household's members (sum ÷ members).</summary>
    [JsonStringEnumMemberName("householdAverage")]
    HouseholdAverage,
}
