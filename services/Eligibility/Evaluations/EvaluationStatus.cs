namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// An evaluation's progress and result. <c>Step</c> (full runs): <c>deciding</c>, <c>storing
/// determinations</c>, <c>publishing</c>, then <c>completed</c>; households_done reaches
/// households_total when the run commits. After a failed attempt the step is <c>waiting to retry</c>
/// and <c>Error</c> says which attempt failed and why; after the last, status and step are <c>failed</c>.
/// </summary>
public sealed record EvaluationStatus(
    Guid EvaluationId,
    string Ruleset,
    int RulesetVersion,
    string Trigger,
    Guid? SourceBatchId,
    DateOnly EvaluationDate,
    string Status,
    int HouseholdsTotal,
    int HouseholdsDone,
    int PersonsEvaluated,
    int Changed,
    int NewInclusionErrors,
    int NewExclusionErrors,
    string? ChangeSetBlob,
    string? Error,
    DateTimeOffset RequestedAt,
    DateTimeOffset? CompletedAt,
    string? Step);

/// <summary>The answer to a full re-evaluation request: where to follow it.</summary>
public sealed record EvaluationAccepted(Guid EvaluationId, string Status, string StatusUrl);

/// <summary>A full re-evaluation request.</summary>
/// <param name="Ruleset">The ruleset id, e.g. <c>round-2022</c>.</param>
/// <param name="Date">The evaluation date (yyyy-mm-dd); default today or <c>Eligibility:EvaluationDate</c>.</param>
public sealed record EvaluationRequest(string? Ruleset, DateOnly? Date);
