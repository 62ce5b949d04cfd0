using Npgsql;
using WelfarePlatform.Eligibility.Determinations;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>Evaluates everyone in the session's <c>chunk_households</c> and stores their determinations.</summary>
internal static class ChunkEvaluation
{
    /// <summary>Households per chunk: a few tens of thousands of people in memory at a time.</summary>
    public const int HouseholdsPerChunk = 20_000;

    public static async Task PrepareAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var create = new NpgsqlCommand(
            """
            create temp table if not exists chunk_households (hid char(64) primary key) on commit drop;
            truncate chunk_households
            """, connection, transaction);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <returns>People evaluated.</returns>
    public static async Task<int> EvaluateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, CancellationToken cancellationToken)
    {
        var households = await HouseholdFactsReader.ReadAsync(connection, transaction, cancellationToken);
        var determinations = new List<(PersonFacts, Determination)>();
        foreach (var household in households)
        {
            foreach (var person in household)
            {
                determinations.Add((person, run.Evaluator.Evaluate(person, household)));
            }
        }

        await DeterminationWriter.PrepareAsync(connection, transaction, cancellationToken);
        var ruleset = run.Evaluator.Ruleset;
        var benefitIncomeIndex = ruleset.Criteria.ToList().FindIndex(c => c.Id == ruleset.BenefitIncomeCriterion);
        await DeterminationWriter.CopyAsync(connection, benefitIncomeIndex, determinations, cancellationToken);
        await DeterminationWriter.ApplyAsync(connection, transaction, run, cancellationToken);
        return determinations.Count;
    }
}
