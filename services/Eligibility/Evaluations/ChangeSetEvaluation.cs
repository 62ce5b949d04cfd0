using System.Security.Cryptography;
using System.Text;
using Npgsql;
using WelfarePlatform.Contracts;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Re-evaluates, under every ruleset, only the households a registry change set touched (listed in
/// the session's <c>touched_households</c>), in the consumer's transaction: facts, determinations and
/// events commit together or not at all. Each ruleset decides all the touched households in one
/// statement.
/// </summary>
public sealed class ChangeSetEvaluation(DeterminationsPublisher publisher, EvaluationDate evaluationDate, TimeProvider clock)
{
    public async Task EvaluateTouchedAsync(
        RegistryBatchCompleted completed, Guid messageId, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken, PhaseTimer? timer = null)
    {
        // The planner must know how many households there are to choose index lookups for a few
        // (and hash joins for very many).
        await using (var analyze = new NpgsqlCommand("analyze touched_households", connection, transaction))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        int touched;
        await using (var count = new NpgsqlCommand("select count(*)::int from touched_households", connection, transaction))
        {
            touched = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        timer?.Mark("touched households");
        var date = evaluationDate.Today();
        // Each ruleset's change-set blob uploads while the next ruleset is evaluated; all are written
        // before the transaction (and its events naming them) commits.
        var uploads = new List<Task>();
        try
        {
            await EvaluateEachRulesetAsync(completed, messageId, connection, transaction, touched, date, uploads, cancellationToken, timer);
        }
        catch (Exception)
        {
            await Task.WhenAll(uploads).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await Task.WhenAll(uploads);
        timer?.Mark("await blobs");
    }

    private async Task EvaluateEachRulesetAsync(
        RegistryBatchCompleted completed, Guid messageId, NpgsqlConnection connection, NpgsqlTransaction transaction, int touched, DateOnly date,
        List<Task> uploads, CancellationToken cancellationToken, PhaseTimer? timer)
    {
        foreach (var ruleset in await RulesetStore.ListAsync(connection, transaction, cancellationToken))
        {
            var run = new EvaluationRun(EvaluationIdFor(messageId, ruleset.Id), new RulesetEvaluator(ruleset, date), clock.GetUtcNow());
            await EvaluationStore.CreateAsync(connection, transaction, run.EvaluationId, ruleset.Id, ruleset.Version, "changeset", completed.BatchId, completed.AsOf, date, "running", touched, cancellationToken);
            timer?.Mark("start evaluation");
            await SqlEvaluation.DecideAsync(connection, transaction, run, everyone: false, cancellationToken, timer);
            var published = await publisher.StartChangeSetAsync(connection, transaction, run, cancellationToken);
            uploads.Add(published.Uploaded);
            timer?.Mark("read changes");
            var evaluated = await SqlEvaluation.StoreAsync(connection, transaction, run, cancellationToken, timer);
            await publisher.PublishAsync(
                connection, transaction, run, "changeset", completed.BatchId, completed.AsOf, completed.CorrelationId, evaluated, published, cancellationToken, timer);
            await EvaluationStore.CompleteAsync(connection, transaction, run.EvaluationId, published, evaluated, cancellationToken);
            timer?.Mark("complete evaluation");
        }
    }

    /// <summary>The same message under the same ruleset is the same evaluation (and blob), however often it is retried.</summary>
    internal static Guid EvaluationIdFor(Guid messageId, string rulesetId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{messageId:N}/{rulesetId}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
