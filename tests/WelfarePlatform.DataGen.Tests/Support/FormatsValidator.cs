using System.Globalization;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Tests.Support;

/// <summary>
/// FORMATS.md's row rules, written for the tests from the document and not from the generator:
/// returns the first reason code a row breaks, in the table's order, or null for a valid row.
/// Keys of valid rows are remembered for DUPLICATE_IN_FILE.
/// </summary>
internal sealed class FormatsValidator
{
    private static readonly HashSet<string> EvidenceTypes =
    [
        "annual_income", "financial_assets", "home_loan", "car_loan", "land_residential_sqwa",
        "land_agricultural_rai", "condo_sqm", "credit_card", "state_employee", "deceased",
    ];

    private static readonly HashSet<string> Hazards = ["flood", "drought", "storm", "landslide", "fire", "other"];

    private readonly string kind;
    private readonly Dictionary<string, int> columns;
    private readonly int headerCount;
    private readonly DateOnly asOf;
    private readonly HashSet<string> keys = [];

    public FormatsValidator(string kind, string[] header, DateOnly asOf)
    {
        this.kind = kind;
        this.asOf = asOf;
        headerCount = header.Length;
        columns = header.Select((name, i) => (name, i)).ToDictionary(c => c.name.ToLowerInvariant(), c => c.i);
    }

    public string? FirstBrokenRule(string[] row)
    {
        if (row.Length != headerCount)
        {
            return "COLUMN_COUNT";
        }

        string Field(string name) => row[columns[name]];
        var rules = kind switch
        {
            "registrations" => Registration(Field),
            "evidence" => Evidence(Field),
            "payments" => Payment(Field),
            "disasters" => Disaster(Field),
            _ => throw new ArgumentException(kind),
        };
        if (rules.Reason is not null)
        {
            return rules.Reason;
        }

        return rules.Key is not null && !keys.Add(rules.Key) ? "DUPLICATE_IN_FILE" : null;
    }

    private (string? Reason, string? Key) Registration(Func<string, string> field)
    {
        string[] required = ["national_id", "first_name", "last_name", "birth_date", "nationality", "province_code", "household_id", "declared_income", "registered_at"];
        var reason = Missing(field, required)
            ?? Id(field("national_id"))
            ?? Dates(field, "birth_date", "registered_at")
            ?? (Provinces.TryGetByCode(field("province_code"), out _) ? null : "UNKNOWN_PROVINCE")
            ?? Amount(field("declared_income"))
            ?? (field("relationship") is "" or "head" or "spouse" or "child" or "other"
                && field("card_holder") is "" or "0" or "1"
                && field("nationality") is { Length: 2 } n && n.All(char.IsAsciiLetterUpper) ? null : "BAD_ENUM");
        return (reason, field("national_id"));
    }

    private (string? Reason, string? Key) Evidence(Func<string, string> field)
    {
        var reason = Missing(field, ["national_id", "evidence_type", "value", "as_of"])
            ?? Id(field("national_id"))
            ?? Dates(field, "as_of")
            ?? Amount(field("value"))
            ?? (EvidenceTypes.Contains(field("evidence_type")) ? null : "BAD_ENUM");
        return (reason, field("national_id") + "|" + field("evidence_type"));
    }

    private (string? Reason, string? Key) Payment(Func<string, string> field)
    {
        var reason = Missing(field, ["national_id", "paid_on", "amount", "program"])
            ?? Id(field("national_id"))
            ?? Dates(field, "paid_on")
            ?? Amount(field("amount"));
        FormatDates.TryParse(field("paid_on"), out var paidOn);
        return (reason, $"{field("national_id")}|{paidOn:yyyy-MM-dd}|{field("program")}");
    }

    private (string? Reason, string? Key) Disaster(Func<string, string> field)
    {
        var reason = Missing(field, ["province", "hazard", "declared_on"])
            ?? Dates(field, "declared_on", "ended_on")
            ?? (Provinces.TryResolve(field("province"), out _) ? null : "UNKNOWN_PROVINCE")
            ?? (field("affected_households").Length == 0 ? null : Amount(field("affected_households")))
            ?? (Hazards.Contains(field("hazard")) ? null : "BAD_ENUM");
        return (reason, null);
    }

    private static string? Missing(Func<string, string> field, string[] required)
        => required.Any(name => field(name).Length == 0) ? "MISSING_FIELD" : null;

    private static string? Id(string id) => NationalId.Check(id) switch
    {
        NationalIdCheck.BadFormat => "BAD_ID_FORMAT",
        NationalIdCheck.BadChecksum => "BAD_ID_CHECKSUM",
        _ => null,
    };

    /// <summary>BAD_DATE for any unparsable date first, then FUTURE_DATE (empty optional dates are skipped).</summary>
    private string? Dates(Func<string, string> field, params string[] names)
    {
        var parsed = new List<DateOnly>();
        foreach (var name in names)
        {
            var text = field(name);
            if (text.Length == 0)
            {
                continue;
            }

            if (!FormatDates.TryParse(text, out var date))
            {
                return "BAD_DATE";
            }

            parsed.Add(date);
        }

        return parsed.Any(date => date > asOf) ? "FUTURE_DATE" : null;
    }

    private static string? Amount(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value))
        {
            return "BAD_NUMBER";
        }

        return value < 0 ? "NEGATIVE_AMOUNT" : null;
    }
}
