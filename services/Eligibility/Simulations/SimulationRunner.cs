using System.Diagnostics;
using Npgsql;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Simulations;

/// <summary>Runs a what-if over every stored determination of a ruleset (one statement, read-only).</summary>
public sealed class SimulationRunner(NpgsqlDataSource dataSource)
{
    public async Task<SimulationResult> RunAsync(Ruleset ruleset, DateOnly date, IReadOnlyDictionary<string, decimal?> overrides, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        // JIT-compiling this wide expression costs seconds on every call and saves less than that.
        await using (var noJit = new NpgsqlCommand("set local jit = off", connection, transaction))
        {
            await noJit.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var query = new NpgsqlCommand(SimulationQuery.Build(ruleset, date, overrides), connection, transaction) { CommandTimeout = 300 };
        query.Parameters.Add(new NpgsqlParameter { Value = ruleset.Id });
        query.Parameters.Add(new NpgsqlParameter { Value = ruleset.Version });
        var provinces = new List<SimulationCounts>();
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var byCriterion = new Dictionary<string, CriterionShift>();
                for (var i = 0; i < ruleset.Criteria.Count; i++)
                {
                    byCriterion[ruleset.Criteria[i].Id] = new CriterionShift(reader.GetInt32(8 + (2 * i)), reader.GetInt32(9 + (2 * i)));
                }

                var before = (decimal)reader.GetDouble(6);
                var after = (decimal)reader.GetDouble(7);
                provinces.Add(new SimulationCounts(
                    reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5),
                    before, after, after - before, byCriterion));
            }
        }

        return new SimulationResult(ruleset.Id, ruleset.Version, date, overrides, Sum(provinces, ruleset), provinces, stopwatch.ElapsedMilliseconds);
    }

    private static SimulationCounts Sum(List<SimulationCounts> provinces, Ruleset ruleset) => new(
        null,
        provinces.Sum(p => p.Population),
        provinces.Sum(p => p.EligibleBefore),
        provinces.Sum(p => p.EligibleAfter),
        provinces.Sum(p => p.BecomeEligible),
        provinces.Sum(p => p.BecomeIneligible),
        provinces.Sum(p => p.MonthlyCostBefore),
        provinces.Sum(p => p.MonthlyCostAfter),
        provinces.Sum(p => p.MonthlyCostChange),
        ruleset.Criteria.ToDictionary(c => c.Id, c => new CriterionShift(
            provinces.Sum(p => p.ByCriterion[c.Id].NewlyFailing), provinces.Sum(p => p.ByCriterion[c.Id].NoLongerFailing))));
}
