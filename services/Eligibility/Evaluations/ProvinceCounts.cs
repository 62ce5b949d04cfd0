using Npgsql;
using WelfarePlatform.Contracts;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>A ruleset's determinations counted per province: outcomes, failed criteria, inclusion and exclusion errors, outcomes resting on stale evidence.</summary>
internal static class ProvinceCounts
{
    public static async Task<IReadOnlyList<ProvinceDeterminations>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string rulesetId, CancellationToken cancellationToken)
    {
        var byCriterion = new Dictionary<string, Dictionary<string, int>>();
        await using (var criteria = new NpgsqlCommand(
            """
            select province_code, failed, count(*)::int
            from determinations, unnest(failed_criteria) as failed
            where ruleset_id = $1 group by province_code, failed
            """, connection, transaction) { CommandTimeout = Facts.BulkCommands.TimeoutSeconds })
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

        await using var totals = new NpgsqlCommand(
            """
            select province_code, count(*)::int, count(*) filter (where card_holder)::int,
                   count(*) filter (where outcome = 'eligible')::int, count(*) filter (where outcome = 'ineligible')::int,
                   count(*) filter (where outcome = 'unknown')::int,
                   count(*) filter (where card_holder and outcome = 'ineligible')::int,
                   count(*) filter (where not card_holder and outcome = 'eligible')::int,
                   count(*) filter (where stale)::int
            from determinations where ruleset_id = $1 group by province_code order by province_code
            """, connection, transaction) { CommandTimeout = Facts.BulkCommands.TimeoutSeconds };
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
