namespace WelfarePlatform.SharingRequest.Requests;

/// <summary>A sharing request as stored, with every state it passed through.</summary>
/// <param name="RequestId">The request's id.</param>
/// <param name="Agency">The requesting agency (its token's subject).</param>
/// <param name="ActivityClass">A1 … A5.</param>
/// <param name="State">awaiting_steward, awaiting_approver, awaiting_dpo, approved, refused or revoked.</param>
/// <param name="AwaitingRole">The role whose decision is awaited, while the request waits.</param>
/// <param name="Datasets">Datasets and fields asked for.</param>
/// <param name="Purpose">What the data is for.</param>
/// <param name="LegalBasis">The PDPA basis, normalized (e.g. s24(4)).</param>
/// <param name="PeriodFrom">First day the data covers.</param>
/// <param name="PeriodTo">Last day the data covers.</param>
/// <param name="RetentionDays">Days the agency may keep the data.</param>
/// <param name="SubmittedAt">When it was filed.</param>
/// <param name="DecideBy">Submission plus the class's target time to decide.</param>
/// <param name="DecidedAt">When it was approved or refused.</param>
/// <param name="Transitions">Every change of state, oldest first.</param>
public sealed record SharingRequestView(
    Guid RequestId,
    string Agency,
    string ActivityClass,
    string State,
    string? AwaitingRole,
    IReadOnlyList<RequestedDataset> Datasets,
    string Purpose,
    string? LegalBasis,
    DateOnly PeriodFrom,
    DateOnly PeriodTo,
    int RetentionDays,
    DateTimeOffset SubmittedAt,
    DateTimeOffset DecideBy,
    DateTimeOffset? DecidedAt,
    IReadOnlyList<RequestTransition> Transitions);

/// <summary>One change of state: who (token subject and role), when, the decision and its reason.</summary>
public sealed record RequestTransition(int Seq, DateTimeOffset At, string? FromState, string ToState, string Actor, string Role, string? Decision, string? Reason);

/// <summary>The body of <c>POST /api/requests/{id}/decisions</c>.</summary>
/// <param name="Decision"><c>approve</c> or <c>refuse</c>.</param>
/// <param name="Reason">Required when refusing; shown to the agency.</param>
public sealed record DecisionDraft(string? Decision, string? Reason);

/// <summary>The body of <c>POST /api/requests/{id}/revocation</c>.</summary>
public sealed record RevocationDraft(string? Reason);
