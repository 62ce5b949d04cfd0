namespace WelfarePlatform.SharingRequest.Requests;

/// <summary>Where a request stands in its class's approval chain.</summary>
/// <param name="State">The request's state.</param>
/// <param name="Chain">The roles that decide, in order.</param>
/// <param name="NextStep">Index into <paramref name="Chain"/> of the decision awaited.</param>
/// <param name="Deciders">Who (token subjects) already approved it: one person decides once.</param>
public sealed record ChainPosition(string State, IReadOnlyList<string> Chain, int NextStep, IReadOnlyCollection<string> Deciders);

/// <summary>What a decision or revocation leads to: a new state, or a refusal to act with its status code.</summary>
public sealed record ChainOutcome(int Status, string? Problem, string? NewState = null, int NextStep = 0, string? Role = null)
{
    public bool Accepted => Problem is null;

    public static ChainOutcome To(string state, int nextStep, string role) => new(StatusCodes.Status200OK, null, state, nextStep, role);

    public static ChainOutcome Refuse(int status, string problem) => new(status, problem);
}

/// <summary>The approval chain as a pure function: who may decide now, and what follows.</summary>
public static class ApprovalChain
{
    public const string Approve = "approve";
    public const string Refuse = "refuse";

    /// <summary>A decision by a caller holding <paramref name="callerRoles"/>.</summary>
    public static ChainOutcome Decide(ChainPosition position, string? decision, string? reason, string actor, IReadOnlyCollection<string> callerRoles)
    {
        if (decision is not (Approve or Refuse))
        {
            return ChainOutcome.Refuse(StatusCodes.Status422UnprocessableEntity, $"decision must be \"{Approve}\" or \"{Refuse}\", not \"{decision}\".");
        }

        if (decision == Refuse && string.IsNullOrWhiteSpace(reason))
        {
            return ChainOutcome.Refuse(StatusCodes.Status422UnprocessableEntity, "A refusal needs a reason the agency can act on.");
        }

        if (!callerRoles.Any(position.Chain.Contains))
        {
            return ChainOutcome.Refuse(StatusCodes.Status403Forbidden, $"This request's chain is {string.Join(" → ", position.Chain)}; none of your roles ({string.Join(", ", callerRoles)}) is in it.");
        }

        if (!RequestStates.IsAwaiting(position.State))
        {
            return ChainOutcome.Refuse(StatusCodes.Status409Conflict, $"The request is {position.State}; only a request awaiting a decision can be decided.");
        }

        var role = position.Chain[position.NextStep];
        if (!callerRoles.Contains(role))
        {
            return ChainOutcome.Refuse(StatusCodes.Status409Conflict, $"Out of order: the request awaits the {role}'s decision (step {position.NextStep + 1} of {string.Join(" → ", position.Chain)}).");
        }

        if (position.Deciders.Contains(actor))
        {
            return ChainOutcome.Refuse(StatusCodes.Status409Conflict, $"'{actor}' already approved this request at an earlier step; each step needs another person.");
        }

        if (decision == Refuse)
        {
            return ChainOutcome.To(RequestStates.Refused, position.NextStep, role);
        }

        var next = position.NextStep + 1;
        return next == position.Chain.Count
            ? ChainOutcome.To(RequestStates.Approved, next, role)
            : ChainOutcome.To(RequestStates.Awaiting(position.Chain[next]), next, role);
    }

    /// <summary>Revocation cuts an approved or waiting request; one already refused or revoked stays as it is.</summary>
    public static ChainOutcome Revoke(ChainPosition position, string? reason, string role)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ChainOutcome.Refuse(StatusCodes.Status422UnprocessableEntity, "A revocation needs a reason (it is written into the audit trail and shown to the agency).");
        }

        return position.State == RequestStates.Approved || RequestStates.IsAwaiting(position.State)
            ? ChainOutcome.To(RequestStates.Revoked, position.NextStep, role)
            : ChainOutcome.Refuse(StatusCodes.Status409Conflict, $"The request is {position.State}; only an approved or waiting request can be revoked.");
    }
}
