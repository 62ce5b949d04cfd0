using System.Text.Json.Serialization;

namespace WelfarePlatform.Eligibility.Determinations;

/// <summary>One criterion's verdict for one person, with the value that decided it and where it came from.</summary>
public sealed record CriterionResult
{
    public required string Id { get; init; }
    /// <summary>True passed, false failed, null unknown (no evidence from any source).</summary>
    public bool? Passed { get; init; }
    /// <summary>The number compared (baht, square wah, 0/1, the age in full years); null when unknown or textual.</summary>
    public decimal? Value { get; init; }
    /// <summary>The text compared (nationality).</summary>
    public string? ValueText { get; init; }
    public decimal? Limit { get; init; }
    public string? LimitText { get; init; }
    /// <summary>The fact used (e.g. <c>annual_income</c>, or <c>declared_income</c> when no agency sent income).</summary>
    public string? Fact { get; init; }
    /// <summary>The source of the value (<c>revenue</c>, <c>bank</c>, <c>household</c>); null when defaulted or missing.</summary>
    public string? Source { get; init; }
    public DateOnly? AsOf { get; init; }
    /// <summary>Decided by evidence older than the ruleset's freshness limit.</summary>
    public bool Stale { get; init; }
    /// <summary>No source had the fact and the criterion's missing-value rule supplied the value.</summary>
    public bool Defaulted { get; init; }
    /// <summary>False when the criterion's parameter is not in force on the evaluation date (it then does not count).</summary>
    public bool Applied { get; init; } = true;
    /// <summary>Household members averaged, for a household criterion.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Members { get; init; }
}
