using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Audit;

namespace WelfarePlatform.SharingRequest.Requests;

/// <summary>
/// The <c>requests</c> and <c>request_transitions</c> tables. Every change of state, its transition
/// row and its audit row commit together or not at all.
/// </summary>
public sealed partial class RequestStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const string System = "system";

    /// <summary>Stores a request that passed its checks; a class that approves at once approves it in the same transaction.</summary>
    public async Task<SharingRequestView> CreateAsync(RequestDraft draft, ActivityClass activityClass, string agency, string role, CancellationToken cancellationToken)
    {
        var requestId = Guid.CreateVersion7();
        var now = AuditLog.Microseconds(clock.GetUtcNow());
        var datasets = draft.Datasets!.Select(d => new RequestedDataset(d.DatasetId, d.Fields!.Distinct(StringComparer.Ordinal).ToList())).ToList();
        var datasetsJson = JsonSerializer.Serialize(datasets, JsonSerializerOptions.Web);
        var legalBasis = LegalBases.Normalize(draft.LegalBasis);
        var awaiting = RequestStates.Awaiting(activityClass.ApprovalChain[0]);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            insert into requests (request_id, agency, activity_class, datasets, purpose, legal_basis, period_from, period_to, retention_days,
                                  state, next_step, submitted_at, decide_by)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12)
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = requestId });
            insert.Parameters.Add(new NpgsqlParameter { Value = agency });
            insert.Parameters.Add(new NpgsqlParameter { Value = activityClass.Code });
            insert.Parameters.Add(new NpgsqlParameter { Value = datasetsJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
            insert.Parameters.Add(new NpgsqlParameter { Value = draft.Purpose!.Trim() });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)legalBasis ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = draft.PeriodFrom!.Value });
            insert.Parameters.Add(new NpgsqlParameter { Value = draft.PeriodTo!.Value });
            insert.Parameters.Add(new NpgsqlParameter { Value = draft.RetentionDays!.Value });
            insert.Parameters.Add(new NpgsqlParameter { Value = awaiting });
            insert.Parameters.Add(new NpgsqlParameter { Value = now });
            insert.Parameters.Add(new NpgsqlParameter { Value = now + activityClass.TargetDecision });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await AddTransitionAsync(connection, transaction, requestId, 1, now, null, awaiting, agency, role, null, "submitted", cancellationToken);
        var submitted = JsonSerializer.Serialize(new { activityClass = activityClass.Code, datasets, legalBasis, draft.PeriodFrom, draft.PeriodTo, draft.RetentionDays, purpose = draft.Purpose.Trim() }, JsonSerializerOptions.Web);
        await AuditLog.AppendAsync(connection, transaction, now, agency, role, "request.submitted", requestId, submitted, cancellationToken);

        if (activityClass.AutoApprove)
        {
            var reason = $"passed every check of {activityClass.Code}; approved without waiting for a person";
            await UpdateStateAsync(connection, transaction, requestId, RequestStates.Approved, activityClass.ApprovalChain.Count, now, cancellationToken);
            await AddTransitionAsync(connection, transaction, requestId, 2, now, awaiting, RequestStates.Approved, System, System, ApprovalChain.Approve, reason, cancellationToken);
            await AuditLog.AppendAsync(connection, transaction, now, System, System, "request.approved", requestId, reason, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(requestId, cancellationToken))!;
    }

    /// <summary>A request its class could not grant leaves no request, but it does leave an audit row.</summary>
    public async Task RecordRefusedOnSubmissionAsync(string agency, string role, string? activityClass, IReadOnlyList<RequestCheckFailure> failures, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var detail = JsonSerializer.Serialize(new { activityClass, failures = failures.Select(f => f.Code) }, JsonSerializerOptions.Web);
        await AuditLog.AppendAsync(connection, transaction, clock.GetUtcNow(), agency, role, "request.refused_on_submission", null, detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A decision by one role of the chain, checked and applied under a row lock.</summary>
    public Task<(ChainOutcome Outcome, SharingRequestView? Request)> DecideAsync(
        Guid requestId, string actor, IReadOnlyCollection<string> callerRoles, DecisionDraft draft, CancellationToken cancellationToken) =>
        ChangeAsync(requestId, position => ApprovalChain.Decide(position, draft.Decision, draft.Reason, actor, callerRoles),
            actor, draft.Decision, draft.Reason, cancellationToken);

    /// <summary>Revokes an approved or waiting request: access ends, the agreement no longer stands.</summary>
    public Task<(ChainOutcome Outcome, SharingRequestView? Request)> RevokeAsync(
        Guid requestId, string actor, string role, RevocationDraft draft, CancellationToken cancellationToken) =>
        ChangeAsync(requestId, position => ApprovalChain.Revoke(position, draft.Reason, role), actor, "revoke", draft.Reason, cancellationToken);

    private async Task<(ChainOutcome, SharingRequestView?)> ChangeAsync(
        Guid requestId, Func<ChainPosition, ChainOutcome> decide, string actor, string? decision, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        ChainPosition position;
        int lastSeq;
        await using (var select = new NpgsqlCommand("""
            select r.state, c.approval_chain, r.next_step,
                   array(select t.actor from request_transitions t where t.request_id = r.request_id and t.decision = 'approve'),
                   (select max(t.seq) from request_transitions t where t.request_id = r.request_id)
            from requests r join activity_classes c on c.code = r.activity_class
            where r.request_id = $1 for update of r
            """, connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = requestId });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (ChainOutcome.Refuse(StatusCodes.Status404NotFound, $"No sharing request {requestId}."), null);
            }

            position = new ChainPosition(reader.GetString(0), reader.GetFieldValue<string[]>(1), reader.GetInt32(2), reader.GetFieldValue<string[]>(3));
            lastSeq = reader.GetInt32(4);
        }

        var outcome = decide(position);
        if (!outcome.Accepted)
        {
            return (outcome, null);
        }

        var now = AuditLog.Microseconds(clock.GetUtcNow());
        await UpdateStateAsync(connection, transaction, requestId, outcome.NewState!, outcome.NextStep, now, cancellationToken);
        await AddTransitionAsync(connection, transaction, requestId, lastSeq + 1, now, position.State, outcome.NewState!, actor, outcome.Role!, decision, reason, cancellationToken);
        var detail = JsonSerializer.Serialize(new { from = position.State, to = outcome.NewState, reason }, JsonSerializerOptions.Web);
        await AuditLog.AppendAsync(connection, transaction, now, actor, outcome.Role!, $"request.{decision}", requestId, detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (outcome, await FindAsync(requestId, cancellationToken));
    }
}
