using Npgsql;
using WelfarePlatform.ExternalData.Covid;
using WelfarePlatform.ExternalData.Payments;
using WelfarePlatform.Reference;

namespace WelfarePlatform.ExternalData.Timeliness;

/// <summary>Reads what the timeliness analysis needs from this service's own series and declarations.</summary>
public sealed class TimelinessStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Payments are divided by the province's population (Province.Population): registered counts
    /// per province live in eligibility and are not held here yet.
    /// </summary>
    public const string PersonsBasis = "population";

    /// <summary>The latest day any crisis or payments data describes, if there is any.</summary>
    public async Task<DateOnly?> LatestDayAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            select greatest(
                (select max(day) from series_values where series in ($1, $2)),
                (select max(declared_on) from disaster_declarations))
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = CovidCasesFeed.CasesSeries });
        command.Parameters.Add(new NpgsqlParameter { Value = PaymentsChangeSet.AmountSeries });
        var latest = await command.ExecuteScalarAsync(cancellationToken);
        return latest is DateOnly day ? day : null;
    }

    public async Task<IReadOnlyList<ProvinceTimelinessInput>> LoadAsync(TimelinessParameters parameters, CancellationToken cancellationToken)
    {
        // Trailing windows and the baseline reach back before From.
        var loadFrom = parameters.From.AddDays(-(parameters.BaselineDays + TimelinessParameters.WindowDays));
        var cases = Provinces.All.ToDictionary(p => p.Code, _ => new Dictionary<DateOnly, decimal>());
        var payments = Provinces.All.ToDictionary(p => p.Code, _ => new Dictionary<DateOnly, decimal>());
        var disasters = Provinces.All.ToDictionary(p => p.Code, _ => new List<DateOnly>());

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var values = new NpgsqlCommand(
            "select series, province_code, day, value from series_values where series in ($1, $2) and day between $3 and $4", connection))
        {
            values.Parameters.Add(new NpgsqlParameter { Value = CovidCasesFeed.CasesSeries });
            values.Parameters.Add(new NpgsqlParameter { Value = PaymentsChangeSet.AmountSeries });
            values.Parameters.Add(new NpgsqlParameter { Value = loadFrom });
            values.Parameters.Add(new NpgsqlParameter { Value = parameters.To });
            await using var reader = await values.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var target = reader.GetString(0) == CovidCasesFeed.CasesSeries ? cases : payments;
                if (target.TryGetValue(reader.GetString(1), out var daily))
                {
                    daily[reader.GetFieldValue<DateOnly>(2)] = reader.GetDecimal(3);
                }
            }
        }

        await using (var declared = new NpgsqlCommand(
            "select province_code, declared_on from disaster_declarations where declared_on between $1 and $2", connection))
        {
            declared.Parameters.Add(new NpgsqlParameter { Value = parameters.From });
            declared.Parameters.Add(new NpgsqlParameter { Value = parameters.To });
            await using var reader = await declared.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (disasters.TryGetValue(reader.GetString(0), out var days))
                {
                    days.Add(reader.GetFieldValue<DateOnly>(1));
                }
            }
        }

        return [.. Provinces.All.Select(p => new ProvinceTimelinessInput(p, cases[p.Code], disasters[p.Code], payments[p.Code], p.Population))];
    }
}
