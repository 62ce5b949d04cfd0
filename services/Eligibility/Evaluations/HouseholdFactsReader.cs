using Npgsql;
using WelfarePlatform.Eligibility.Determinations;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Reads the facts of everyone in some households, one household at a time (rows come ordered by
/// household), evidence pivoted per person: for the reference evaluator (explain, tests).
/// </summary>
internal static class HouseholdFactsReader
{
    /// <summary>The household of the person <paramref name="pid"/> (empty when eligibility does not hold the person).</summary>
    public static async Task<List<PersonFacts>> ReadHouseholdOfAsync(NpgsqlConnection connection, string pid, CancellationToken cancellationToken) =>
        (await ReadAsync(connection, null, "(select hid from person_facts where pid = $1) c", pid, cancellationToken)).SingleOrDefault() ?? [];

    private static async Task<List<List<PersonFacts>>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string households, string? pid, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(
            $"""
            select pf.pid, pf.hid, pf.province_code, pf.card_holder, pf.birth_date, pf.nationality, pf.declared_income, pf.as_of, pf.source,
                   e.types, e.vals, e.as_ofs, e.sources
            from {households}
            join person_facts pf on pf.hid = c.hid
            left join lateral (
                select array_agg(pe.evidence_type) as types, array_agg(pe.value) as vals, array_agg(pe.as_of) as as_ofs, array_agg(pe.source) as sources
                from person_evidence pe where pe.pid = pf.pid) e on true
            order by pf.hid, pf.pid
            """, connection, transaction);
        if (pid is not null)
        {
            select.Parameters.Add(new NpgsqlParameter { Value = pid });
        }

        var result = new List<List<PersonFacts>>();
        List<PersonFacts>? current = null;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var person = new PersonFacts
            {
                Pid = reader.GetString(0),
                Hid = reader.GetString(1),
                ProvinceCode = reader.GetString(2),
                CardHolder = reader.GetBoolean(3),
                BirthDate = reader.GetFieldValue<DateOnly>(4),
                Nationality = reader.GetString(5),
                DeclaredIncome = reader.GetDecimal(6),
                RegistrationAsOf = reader.GetFieldValue<DateOnly>(7),
                RegistrationSource = reader.GetString(8),
                Evidence = reader.IsDBNull(9) ? new Dictionary<string, EvidenceFact>() : Evidence(
                    reader.GetFieldValue<string[]>(9), reader.GetFieldValue<decimal[]>(10), reader.GetFieldValue<DateOnly[]>(11), reader.GetFieldValue<string[]>(12)),
            };
            if (current is null || current[0].Hid != person.Hid)
            {
                current = [];
                result.Add(current);
            }

            current.Add(person);
        }

        return result;
    }

    private static Dictionary<string, EvidenceFact> Evidence(string[] types, decimal[] values, DateOnly[] asOfs, string[] sources)
    {
        var evidence = new Dictionary<string, EvidenceFact>(types.Length, StringComparer.Ordinal);
        for (var i = 0; i < types.Length; i++)
        {
            evidence[types[i]] = new EvidenceFact(values[i], asOfs[i], sources[i]);
        }

        return evidence;
    }
}
