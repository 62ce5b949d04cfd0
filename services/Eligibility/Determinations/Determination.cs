namespace WelfarePlatform.Eligibility.Determinations;

/// <summary>One person's determination under one ruleset on one evaluation date.</summary>
public sealed record Determination(string Outcome, IReadOnlyList<CriterionResult> Criteria)
{
    public const string Eligible = "eligible";
    public const string Ineligible = "ineligible";
    public const string Unknown = "unknown";

    public IEnumerable<string> FailedCriteria => Criteria.Where(c => c.Passed == false).Select(c => c.Id);

    /// <summary>
    /// The outcome rests on at least one criterion decided by stale evidence: for an ineligible person
    /// a failed criterion, otherwise any criterion that was applied and decided (a stale pass behind a
    /// fresh failure does not change the outcome, so it is not counted).
    /// </summary>
    public bool RestsOnStaleEvidence => Outcome == Ineligible
        ? Criteria.Any(c => c.Passed == false && c.Stale)
        : Criteria.Any(c => c.Applied && c.Passed is not null && c.Stale);

    /// <summary>FORMATS.md: ineligible when any criterion failed, else unknown when any is null, else eligible.</summary>
    public static string OutcomeOf(IReadOnlyList<CriterionResult> criteria) =>
        criteria.Any(c => c.Passed == false) ? Ineligible
        : criteria.Any(c => c.Passed is null) ? Unknown
        : Eligible;
}
