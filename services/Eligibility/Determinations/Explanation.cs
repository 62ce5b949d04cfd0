namespace WelfarePlatform.Eligibility.Determinations;

/// <summary>FORMATS.md's eligibility answer: the outcome and every criterion's verdict with reasons, for appeals.</summary>
public sealed record Explanation(
    string Ruleset,
    int RulesetVersion,
    string Outcome,
    DateTimeOffset EvaluatedAt,
    DateOnly EvaluationDate,
    IReadOnlyList<CriterionExplanation> Criteria)
{
    public static Explanation From(StoredDetermination stored)
    {
        var ruleset = stored.Ruleset;
        var freshSince = new RulesetEvaluator(ruleset, stored.EvaluationDate).FreshSince;
        var criteria = new List<CriterionExplanation>(ruleset.Criteria.Count);
        foreach (var definition in ruleset.Criteria)
        {
            var result = stored.Criteria.FirstOrDefault(c => c.Id == definition.Id) ?? new CriterionResult { Id = definition.Id, Passed = null };
            var (th, en) = CriterionReasons.Describe(definition, result, ruleset, freshSince);
            criteria.Add(new CriterionExplanation(
                definition.Id,
                result.Passed,
                result.ValueText ?? (object?)result.Value,
                result.LimitText ?? (object?)result.Limit,
                result.Source,
                result.AsOf,
                result.Stale,
                th,
                en));
        }

        return new Explanation(ruleset.Id, ruleset.Version, stored.Outcome, stored.EvaluatedAt, stored.EvaluationDate, criteria);
    }
}

/// <summary>One criterion: passed (null: no evidence), the value used and the limit, the value's source and as-of, stale, and why.</summary>
public sealed record CriterionExplanation(
    string Id,
    bool? Passed,
    object? Value,
    object? Limit,
    string? Source,
    DateOnly? AsOf,
    bool Stale,
    string ReasonTh,
    string ReasonEn);
