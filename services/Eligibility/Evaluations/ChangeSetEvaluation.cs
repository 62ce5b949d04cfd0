using System.Security.Cryptography;
using System.Text;
using Npgsql;
using WelfarePlatform.Contracts;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// The households a registry change set touched (the session's <c>touched_households</c>) are kept in
/// <c>touched_households_pending</c>, and one evaluation per ruleset is queued for them, in the
/// consumer's transaction: the facts, the queued evaluations and the message's inbox row commit
/// together. <see cref="EvaluationWorker"/> then decides each ruleset in its own transaction; a
/// crash in between leaves the evaluations queued, and they run when the service is back.
/// </summary>
public sealed class ChangeSetEvaluation(EvaluationDate evaluationDate, EvaluationQueueSignal signal)
{
    public async Task QueueTouchedAsync(
        RegistryBatchCompleted completed, Guid messageId, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken, PhaseTimer? timer = null)
    {
        int touched;
        await using (var keep = new NpgsqlCommand(
            "insert into touched_households_pending (touched_set, hid) select $1, hid from touched_households", connection, transaction))
        {
            keep.Parameters.Add(new NpgsqlParameter { Value = messageId });
            touched = await keep.ExecuteNonQueryAsync(cancellationToken);
        }

        var date = evaluationDate.Today();
        foreach (var ruleset in await RulesetStore.ListAsync(connection, transaction, cancellationToken))
        {
            await EvaluationStore.QueueAsync(
                connection, transaction, EvaluationIdFor(messageId, ruleset.Id), ruleset.Id, ruleset.Version, "changeset", completed.BatchId, completed.AsOf, date,
                touched, cancellationToken, touchedSet: messageId, correlationId: completed.CorrelationId);
        }

        timer?.Mark("queue evaluations");
    }

    /// <summary>Tells this replica's worker that evaluations were queued (call after the commit); other replicas find them when they next look.</summary>
    public void Committed() => signal.Notify();

    /// <summary>
    /// Lists a queued change set's households in the session's <c>touched_households</c> for
    /// <see cref="SqlEvaluation.DecideAsync"/>.
    /// </summary>
    internal static async Task LoadTouchedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid touchedSet, CancellationToken cancellationToken)
    {
        await using (var load = new NpgsqlCommand(
            "create temp table touched_households on commit drop as select hid from touched_households_pending where touched_set = $1", connection, transaction))
        {
            load.Parameters.Add(new NpgsqlParameter { Value = touchedSet });
            await load.ExecuteNonQueryAsync(cancellationToken);
        }

        // The planner must know how many households there are to choose index lookups for a few
        // (and hash joins for very many).
        await using var analyze = new NpgsqlCommand("analyze touched_households", connection, transaction);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Forgets a change set's households once no evaluation of it is waiting or running; in the completing evaluation's transaction.</summary>
    internal static async Task ForgetTouchedWhenDoneAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid touchedSet, CancellationToken cancellationToken)
    {
        await using var forget = new NpgsqlCommand(
            """
            delete from touched_households_pending where touched_set = $1
              and not exists (select 1 from evaluations where touched_set = $1 and status in ('queued', 'running'))
            """, connection, transaction);
        forget.Parameters.Add(new NpgsqlParameter { Value = touchedSet });
        await forget.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The same message under the same ruleset is the same evaluation (and blob), however often it is retried.</summary>
    internal static Guid EvaluationIdFor(Guid messageId, string rulesetId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{messageId:N}/{rulesetId}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
