using System.Diagnostics;
using Npgsql;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Simulations;

/// <summary>Runs a what-if over every stored determination of a ruleset: one aggregate-only statement, nothing written.</summary>
public sealed class SimulationRunner(NpgsqlDataSource dataSource)
{
    /// <summary>The what-if over the determinations' compact columns.</summary>
    public Task<SimulationResult> RunAsync(Ruleset ruleset, DateOnly date, IReadOnlyDictionary<string, decimal?> overrides, CancellationToken cancellationToken) =>
        RunAsync(ruleset, date, overrides, overDeterminations: false, cancellationToken);

    /// <summary>The what-if over the determinations' compact columns or, with <paramref name="overDeterminations"/>, the previous statement over their arrays (the benchmark's baseline).</summary>
    public async Task<SimulationResult> RunAsync(
        Ruleset ruleset, DateOnly date, IReadOnlyDictionary<string, decimal?> overrides, bool overDeterminations, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var query = overDeterminations ? SimulationQuery.BuildOverDeterminations(ruleset, date, overrides) : SimulationQuery.Build(ruleset, date, overrides);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        // JIT-compiling the expression costs more than it saves on one scan.
        await using (var noJit = new NpgsqlCommand("set local jit = off", connection, transaction))
        {
            await noJit.ExecuteNonQueryAsync(cancellationToken);
        }

        var groups = new List<SimulationGroup>();
        await using (var select = new NpgsqlCommand(query.Sql, connection, transaction) { CommandTimeout = 300 })
        {
            foreach (var value in query.Parameters)
            {
                select.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                groups.Add(query.ReadGroup(reader));
            }
        }

        var provinces = SimulationFold.Fold(query, ruleset, groups);
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
