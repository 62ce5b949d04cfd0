using Npgsql;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>The <c>evaluations</c> table: each evaluation's trigger, progress and result.</summary>
public sealed class EvaluationStore(NpgsqlDataSource dataSource)
{
    /// <summary>The longest failure reason a status shows (a PostgreSQL message with its detail fits).</summary>
    private const int MaxReasonLength = 1000;
    private const string StatusColumns =
        """
        evaluation_id, ruleset_id, ruleset_version, trigger, source_batch_id, evaluation_date, status, households_total, households_done,
        persons_evaluated, changed, new_inclusion_errors, new_exclusion_errors, change_set_blob, error, requested_at, completed_at, step
        """;

    /// <summary>Queues an evaluation; <see cref="EvaluationWorker"/> runs it. A change set's names its households (touched_set).</summary>
    internal static async Task QueueAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid evaluationId, string rulesetId, int rulesetVersion, string trigger,
        Guid? sourceBatchId, DateOnly asOf, DateOnly evaluationDate, int householdsTotal, CancellationToken cancellationToken,
        Guid? touchedSet = null, Guid? correlationId = null)
    {
        await using var insert = new NpgsqlCommand(
            """
            insert into evaluations (evaluation_id, ruleset_id, ruleset_version, trigger, source_batch_id, as_of, evaluation_date, status, households_total,
                touched_set, correlation_id)
            values ($1, $2, $3, $4, $5, $6, $7, 'queued', $8, $9, $10)
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = evaluationId });
        insert.Parameters.Add(new NpgsqlParameter { Value = rulesetId });
        insert.Parameters.Add(new NpgsqlParameter { Value = rulesetVersion });
        insert.Parameters.Add(new NpgsqlParameter { Value = trigger });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)sourceBatchId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        insert.Parameters.Add(new NpgsqlParameter { Value = asOf });
        insert.Parameters.Add(new NpgsqlParameter { Value = evaluationDate });
        insert.Parameters.Add(new NpgsqlParameter { Value = householdsTotal });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)touchedSet ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)correlationId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Queues a full re-evaluation; <see cref="EvaluationWorker"/> runs it.</summary>
    public async Task<Guid> QueueFullAsync(string rulesetId, int rulesetVersion, DateOnly evaluationDate, CancellationToken cancellationToken)
    {
        var evaluationId = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await QueueAsync(connection, null, evaluationId, rulesetId, rulesetVersion, "full", null, evaluationDate, evaluationDate, 0, cancellationToken);
        return evaluationId;
    }

    /// <summary>
    /// Records which step a running full evaluation is in, outside its transaction so that status
    /// readers see it at once. Call it only before the run's transaction updates its own row.
    /// </summary>
    public async Task SetStepAsync(Guid evaluationId, string step, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand("update evaluations set step = $2 where evaluation_id = $1");
        update.Parameters.Add(new NpgsqlParameter { Value = evaluationId });
        update.Parameters.Add(new NpgsqlParameter { Value = step });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A running evaluation's attempt failed: it is tried again once <paramref name="delayPerAttempt"/>
    /// times its attempts so far have passed, and until then its status shows step <c>waiting to retry</c>
    /// and which attempt failed and why (the worker gives up after <paramref name="maxAttempts"/>).
    /// </summary>
    public async Task RetryLaterAsync(Guid evaluationId, int maxAttempts, TimeSpan delayPerAttempt, string reason, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(
            """
            update evaluations set lease_until = now() + $3 * attempts, step = 'waiting to retry',
                error = format('Attempt %s of %s failed: %s', attempts, $2, $4)
            where evaluation_id = $1 and status = 'running'
            """);
        update.Parameters.Add(new NpgsqlParameter { Value = evaluationId });
        update.Parameters.Add(new NpgsqlParameter { Value = maxAttempts });
        update.Parameters.Add(new NpgsqlParameter { Value = delayPerAttempt });
        update.Parameters.Add(new NpgsqlParameter { Value = reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength] });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<EvaluationStatus?> FindAsync(Guid evaluationId, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand($"select {StatusColumns} from evaluations where evaluation_id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = evaluationId });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new EvaluationStatus(
            reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetGuid(4),
            reader.GetFieldValue<DateOnly>(5), reader.GetString(6), reader.GetInt32(7), reader.GetInt32(8), reader.GetInt32(9), reader.GetInt32(10),
            reader.GetInt32(11), reader.GetInt32(12), reader.IsDBNull(13) ? null : reader.GetString(13), reader.IsDBNull(14) ? null : reader.GetString(14),
            reader.GetFieldValue<DateTimeOffset>(15), reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16),
            reader.IsDBNull(17) ? null : reader.GetString(17));
    }

    /// <remarks>
    /// completed_at is the server's clock when the row is written (clock_timestamp()), not now(): that
    /// is when the run's transaction began, before anything was decided.
    /// </remarks>
    internal static async Task CompleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid evaluationId, PublishedChanges published, int? personsEvaluated, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand(
            """
            update evaluations set status = 'completed', changed = $2, new_inclusion_errors = $3, new_exclusion_errors = $4,
                change_set_blob = $5, completed_at = clock_timestamp(), lease_until = null, households_done = households_total, step = 'completed',
                error = null, persons_evaluated = coalesce($6, persons_evaluated)
            where evaluation_id = $1
            """, connection, transaction);
        update.Parameters.Add(new NpgsqlParameter { Value = evaluationId });
        update.Parameters.Add(new NpgsqlParameter { Value = published.Changed });
        update.Parameters.Add(new NpgsqlParameter { Value = published.NewInclusionErrors });
        update.Parameters.Add(new NpgsqlParameter { Value = published.NewExclusionErrors });
        update.Parameters.Add(new NpgsqlParameter { Value = published.ChangeSetBlob });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)personsEvaluated ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }
}
