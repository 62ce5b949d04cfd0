using System.Globalization;

namespace WelfarePlatform.DataGen.Tests.Support;

/// <summary>
/// A tiny evaluator of RULESETS.md's round-2022 criteria over the generated files (registrations
/// plus evidence), written from the document. Missing evidence fails a criterion unless the
/// ruleset says "missing = 0" or "missing counts as alive".
/// </summary>
internal static class Round2022Evaluator
{
    public static readonly string[] Criteria =
    [
        "NATIONALITY", "AGE", "NOT_STATE_EMPLOYEE", "ALIVE", "INCOME", "HOUSEHOLD_INCOME",
        "FINANCIAL_ASSETS", "HOME_LOAN", "CAR_LOAN", "CREDIT_CARD", "LAND_RESIDENTIAL",
    ];

    private static readonly DateOnly ReferenceDate = new(2022, 9, 5);

    public static (int People, int Eligible, Dictionary<string, int> FailuresByCriterion) Evaluate(string folder)
    {
        var (header, rows) = Csv.Read(Path.Combine(folder, "registrations.csv"));
        var column = header.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i);
        var evidence = ReadEvidence(folder);

        decimal Income(string[] row)
            => evidence.TryGetValue((row[column["national_id"]], "annual_income"), out var income) ? income : Number(row[column["declared_income"]]);

        var householdIncome = rows.GroupBy(r => r[column["household_id"]])
            .ToDictionary(g => g.Key, g => (Total: g.Sum(Income), Members: g.Count()));

        var failures = Criteria.ToDictionary(c => c, _ => 0);
        var eligible = 0;
        foreach (var row in rows)
        {
            var id = row[column["national_id"]];
            decimal? Evidence(string type) => evidence.TryGetValue((id, type), out var v) ? v : null;
            FormatDates.TryParse(row[column["birth_date"]], out var birth);
            var household = householdIncome[row[column["household_id"]]];
            var passed = new Dictionary<string, bool>
            {
                ["NATIONALITY"] = row[column["nationality"]] == "TH",
                ["AGE"] = birth.AddYears(18) <= ReferenceDate,
                ["NOT_STATE_EMPLOYEE"] = Evidence("state_employee") == 0,
                ["ALIVE"] = Evidence("deceased") != 1,
                ["INCOME"] = Income(row) <= 100_000,
                ["HOUSEHOLD_INCOME"] = household.Total / household.Members <= 100_000,
                ["FINANCIAL_ASSETS"] = Evidence("financial_assets") is { } assets && assets <= 100_000,
                ["HOME_LOAN"] = (Evidence("home_loan") ?? 0) <= 1_500_000,
                ["CAR_LOAN"] = (Evidence("car_loan") ?? 0) <= 1_000_000,
                ["CREDIT_CARD"] = (Evidence("credit_card") ?? 0) == 0,
                ["LAND_RESIDENTIAL"] = (Evidence("land_residential_sqwa") ?? 0) <= 25,
            };
            foreach (var (criterion, ok) in passed)
            {
                failures[criterion] += ok ? 0 : 1;
            }

            eligible += passed.Values.All(ok => ok) ? 1 : 0;
        }

        return (rows.Count, eligible, failures);
    }

    private static Dictionary<(string Id, string Type), decimal> ReadEvidence(string folder)
    {
        var evidence = new Dictionary<(string, string), decimal>();
        foreach (var path in Directory.GetFiles(folder, "evidence-*.csv"))
        {
            var (header, rows) = Csv.Read(path);
            var column = header.Select((name, i) => (name.ToLowerInvariant(), i)).ToDictionary(c => c.Item1, c => c.i);
            foreach (var row in rows)
            {
                evidence[(row[column["national_id"]], row[column["evidence_type"]])] = Number(row[column["value"]]);
            }
        }

        return evidence;
    }

    private static decimal Number(string text)
        => decimal.Parse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
