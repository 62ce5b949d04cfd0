namespace WelfarePlatform.Eligibility.Determinations;

/// <summary>One person's determination under one ruleset on one evaluation date.</summary>
public sealed record Determination(string Outcome, IReadOnlyList<CriterionResult> Criteria)
{
    public const string Eligible = "eligible";
    public const string Ineligible = "ineligible";
    public const string Unknown = "unknown";

    public IEnumerable<string> FailedCriteria => Criteria.Where(c => c.Passed == false).Select(c => c.Id);

    /// <summary>FORMATS.md: ineligible when any criterion failed, else unknown when any is null, else eligible.</summary>
    public static string OutcomeOf(IReadOnlyList<CriterionResult> criteria) =>
        criteria.Any(c => c.Passed == false) ? Ineligible
        : criteria.Any(c => c.Passed is null) ? Unknown
        : Eligible;
}
