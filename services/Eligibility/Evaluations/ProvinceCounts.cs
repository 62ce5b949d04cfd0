using Npgsql;
using WelfarePlatform.Contracts;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// A ruleset's determinations counted per province (outcomes, failed criteria, inclusion and
/// exclusion errors, outcomes resting on stale evidence), kept in <c>province_counts</c> and
/// <c>province_failed_counts</c>: a change set adds what it changes (new minus old), a full run
/// counts again, so an event's counts cost the people evaluated, not everyone registered.
/// </summary>
internal static class ProvinceCounts
{
    /// <summary>Adds the difference between <c>decided</c> and the stored determinations; call before they are stored.</summary>
    public static async Task AddChangesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string rulesetId, CancellationToken cancellationToken)
    {
        await using var add = new NpgsqlCommand(
            """
            with delta as materialized (
                select province_code, 1 as n, card_holder, outcome, stale, failed_criteria from decided
                union all
                select d.province_code, -1, d.card_holder, d.outcome, d.stale, d.failed_criteria
                from determinations d join decided s on d.pid = s.pid where d.ruleset_id = $1
            ), totals as (
                insert into province_counts as c
                select $1, province_code, sum(n), coalesce(sum(n) filter (where card_holder), 0),
                       coalesce(sum(n) filter (where outcome = 'eligible'), 0), coalesce(sum(n) filter (where outcome = 'ineligible'), 0),
                       coalesce(sum(n) filter (where outcome = 'unknown'), 0), coalesce(sum(n) filter (where card_holder and outcome = 'ineligible'), 0),
                       coalesce(sum(n) filter (where not card_holder and outcome = 'eligible'), 0), coalesce(sum(n) filter (where stale), 0)
                from delta group by province_code
                on conflict (ruleset_id, province_code) do update set
                    registrants = c.registrants + excluded.registrants, holders = c.holders + excluded.holders,
                    eligible = c.eligible + excluded.eligible, ineligible = c.ineligible + excluded.ineligible, unknown = c.unknown + excluded.unknown,
                    inclusion_errors = c.inclusion_errors + excluded.inclusion_errors, exclusion_errors = c.exclusion_errors + excluded.exclusion_errors,
                    stale = c.stale + excluded.stale
            )
            insert into province_failed_counts as f
            select $1, province_code, failed, sum(n) from delta, unnest(failed_criteria) as failed group by province_code, failed
            on conflict (ruleset_id, province_code, criterion) do update set people = f.people + excluded.people
            """, connection, transaction) { CommandTimeout = Facts.BulkCommands.TimeoutSeconds };
        add.Parameters.Add(new NpgsqlParameter { Value = rulesetId });
        await add.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Replaces the ruleset's counts with a full run's, one tally per province.</summary>
    public static async Task ReplaceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Rulesets.Ruleset ruleset, IReadOnlyList<ProvinceTally> provinces, CancellationToken cancellationToken)
    {
        var totals = Enumerable.Range(0, ProvinceTally.CountColumns).Select(c => provinces.Select(p => p.Counts[c]).ToArray()).ToList();
        var failed = provinces.SelectMany(p => p.Failed.Select((people, i) => (p.ProvinceCode, Criterion: ruleset.Criteria[i].Id, People: people)))
            .Where(f => f.People > 0)
            .ToList();
        await using var replace = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command("delete from province_counts where ruleset_id = $1", ruleset),
                Command("delete from province_failed_counts where ruleset_id = $1", ruleset),
                Command(
                    """
                    insert into province_counts (ruleset_id, province_code, registrants, holders, eligible, ineligible, unknown, inclusion_errors, exclusion_errors, stale)
                    select $1, * from unnest($2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[])
                    """, ruleset, [provinces.Select(p => p.ProvinceCode).ToArray(), .. totals]),
                Command(
                    "insert into province_failed_counts (ruleset_id, province_code, criterion, people) select $1, * from unnest($2::text[], $3::text[], $4::int[])",
                    ruleset, [failed.Select(f => f.ProvinceCode).ToArray(), failed.Select(f => f.Criterion).ToArray(), failed.Select(f => f.People).ToArray()]),
            },
        };
        await replace.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, Rulesets.Ruleset ruleset, object[]? values = null)
    {
        var command = new NpgsqlBatchCommand(sql) { Parameters = { new NpgsqlParameter { Value = ruleset.Id } } };
        foreach (var value in values ?? [])
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    public static async Task<IReadOnlyList<ProvinceDeterminations>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string rulesetId, CancellationToken cancellationToken)
    {
        var byCriterion = new Dictionary<string, Dictionary<string, int>>();
        await using (var criteria = new NpgsqlCommand(
            "select province_code, criterion, people from province_failed_counts where ruleset_id = $1 and people > 0", connection, transaction))
        {
            criteria.Parameters.Add(new NpgsqlParameter { Value = rulesetId });
            await using var reader = await criteria.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var province = reader.GetString(0);
                if (!byCriterion.TryGetValue(province, out var counts))
                {
                    byCriterion[province] = counts = [];
                }

                counts[reader.GetString(1)] = reader.GetInt32(2);
            }
        }

        // A province everyone has left keeps a row of zeros; the events list provinces with registrants.
        await using var totals = new NpgsqlCommand(
            """
            select province_code, registrants, holders, eligible, ineligible, unknown, inclusion_errors, exclusion_errors, stale
            from province_counts where ruleset_id = $1 and registrants > 0 order by province_code
            """, connection, transaction);
        totals.Parameters.Add(new NpgsqlParameter { Value = rulesetId });
        var provinces = new List<ProvinceDeterminations>();
        await using var totalsReader = await totals.ExecuteReaderAsync(cancellationToken);
        while (await totalsReader.ReadAsync(cancellationToken))
        {
            var province = totalsReader.GetString(0);
            provinces.Add(new ProvinceDeterminations
            {
                ProvinceCode = province,
                Registrants = totalsReader.GetInt32(1),
                Holders = totalsReader.GetInt32(2),
                Eligible = totalsReader.GetInt32(3),
                Ineligible = totalsReader.GetInt32(4),
                Unknown = totalsReader.GetInt32(5),
                IneligibleByCriterion = byCriterion.GetValueOrDefault(province) ?? [],
                InclusionErrors = totalsReader.GetInt32(6),
                ExclusionErrors = totalsReader.GetInt32(7),
                StaleEvidence = totalsReader.GetInt32(8),
            });
        }

        return provinces;
    }
}

/// <summary>
/// One province's counts in a full run: registrants, holders, eligible, ineligible, unknown,
/// inclusion errors, exclusion errors, stale (in that order), and the people failing each criterion, in the ruleset's order.
/// </summary>
internal sealed record ProvinceTally(string ProvinceCode, int[] Counts, int[] Failed)
{
    public const int CountColumns = 8;

    /// <summary>Adds <paramref name="people"/> who share a holder flag, a stale flag and a <c>state</c> (<see cref="Simulations.CompactDetermination.Decode"/>).</summary>
    public void Add(bool cardHolder, bool stale, long state, int people)
    {
        var (outcome, passed) = Simulations.CompactDetermination.Decode(state, Failed.Length);
        var eligible = outcome == Determinations.Determination.Eligible;
        var ineligible = outcome == Determinations.Determination.Ineligible;
        Counts[0] += people;
        Counts[1] += cardHolder ? people : 0;
        Counts[2] += eligible ? people : 0;
        Counts[3] += ineligible ? people : 0;
        Counts[4] += outcome == Determinations.Determination.Unknown ? people : 0;
        Counts[5] += cardHolder && ineligible ? people : 0;
        Counts[6] += !cardHolder && eligible ? people : 0;
        Counts[7] += stale ? people : 0;
        for (var i = 0; i < passed.Length; i++)
        {
            Failed[i] += passed[i] == false ? people : 0;
        }
    }
}
