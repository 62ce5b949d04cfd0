using System.Security.Cryptography;
using System.Text;
using Npgsql;
using WelfarePlatform.Contracts;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Re-evaluates, under every ruleset, only the households a registry change set touched (listed in
/// the session's <c>touched_households</c> with a running number <c>n</c>), in the consumer's
/// transaction: facts, determinations and events commit together or not at all.
/// </summary>
public sealed class ChangeSetEvaluation(DeterminationsPublisher publisher, EvaluationDate evaluationDate, TimeProvider clock)
{
    public async Task EvaluateTouchedAsync(RegistryBatchCompleted completed, Guid messageId, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        int touched;
        await using (var count = new NpgsqlCommand("select count(*)::int from touched_households", connection, transaction))
        {
            touched = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        var date = evaluationDate.Today();
        foreach (var ruleset in await RulesetStore.ListAsync(connection, transaction, cancellationToken))
        {
            var run = new EvaluationRun(EvaluationIdFor(messageId, ruleset.Id), new RulesetEvaluator(ruleset, date), clock.GetUtcNow());
            await EvaluationStore.CreateAsync(connection, transaction, run.EvaluationId, ruleset.Id, ruleset.Version, "changeset", completed.BatchId, completed.AsOf, date, "running", touched, cancellationToken);
            var evaluated = 0;
            for (var start = 0; start < touched; start += ChunkEvaluation.HouseholdsPerChunk)
            {
                await ChunkEvaluation.PrepareAsync(connection, transaction, cancellationToken);
                await using (var chunk = new NpgsqlCommand(
                    "insert into chunk_households (hid) select hid from touched_households where n > $1 and n <= $2", connection, transaction))
                {
                    chunk.Parameters.Add(new NpgsqlParameter { Value = (long)start });
                    chunk.Parameters.Add(new NpgsqlParameter { Value = (long)start + ChunkEvaluation.HouseholdsPerChunk });
                    await chunk.ExecuteNonQueryAsync(cancellationToken);
                }

                evaluated += await ChunkEvaluation.EvaluateAsync(connection, transaction, run, cancellationToken);
            }

            var published = await publisher.PublishAsync(connection, transaction, run, "changeset", completed.BatchId, completed.AsOf, completed.CorrelationId, evaluated, cancellationToken);
            await EvaluationStore.CompleteAsync(connection, transaction, run.EvaluationId, published, evaluated, cancellationToken);
        }
    }

    /// <summary>The same message under the same ruleset is the same evaluation (and blob), however often it is retried.</summary>
    internal static Guid EvaluationIdFor(Guid messageId, string rulesetId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{messageId:N}/{rulesetId}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
