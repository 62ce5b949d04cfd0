using System.Globalization;
using WelfarePlatform.DataGen.Tests.Support;

namespace WelfarePlatform.DataGen.Tests;

/// <summary>The fault manifests list exactly the rows FORMATS.md rejects, with the reason it gives, in the number asked for.</summary>
public sealed class FaultManifestTests
{
    public static TheoryData<string, string> Files => new()
    {
        { "registrations.csv", "registrations" },
        { "evidence-revenue.csv", "evidence" },
        { "evidence-bank-assets.csv", "evidence" },
        { "evidence-credit-bureau.csv", "evidence" },
        { "evidence-land-department.csv", "evidence" },
        { "evidence-civil-service.csv", "evidence" },
        { "evidence-civil-registration.csv", "evidence" },
        { "payments.csv", "payments" },
        { "disasters.csv", "disasters" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Listed_rows_and_only_they_break_the_listed_rule(string file, string kind)
    {
        var (header, rows) = Csv.Read(Path.Combine(Datasets.Faulty, file));
        var listed = ReadManifest(Path.Combine(Datasets.Faulty, file + ".faults.csv"));
        var validator = new FormatsValidator(kind, header, Datasets.AsOf);

        var found = new Dictionary<long, string>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (validator.FirstBrokenRule(rows[i]) is { } reason)
            {
                found[i + 1] = reason;
            }
        }

        found.ShouldBe(listed, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Bad_rows_number_the_rate_times_the_valid_rows(string file, string kind)
    {
        _ = kind;
        var (_, rows) = Csv.Read(Path.Combine(Datasets.Faulty, file));
        var bad = ReadManifest(Path.Combine(Datasets.Faulty, file + ".faults.csv")).Count;
        var valid = rows.Count - bad;

        Math.Abs(bad - (0.02 * valid)).ShouldBeLessThanOrEqualTo(1.0);
    }

    [Fact]
    public void Registrations_have_every_reason_code_of_the_table()
    {
        var reasons = ReadManifest(Path.Combine(Datasets.Faulty, "registrations.csv.faults.csv")).Values.Distinct();

        reasons.ShouldBe(
            ["COLUMN_COUNT", "MISSING_FIELD", "BAD_ID_FORMAT", "BAD_ID_CHECKSUM", "BAD_DATE", "FUTURE_DATE",
             "UNKNOWN_PROVINCE", "BAD_NUMBER", "NEGATIVE_AMOUNT", "BAD_ENUM", "DUPLICATE_IN_FILE"],
            ignoreOrder: true);
    }

    private static Dictionary<long, string> ReadManifest(string path)
    {
        var (header, rows) = Csv.Read(path);
        header.ShouldBe(["row_number", "reason_code", "detail"]);
        return rows.ToDictionary(r => long.Parse(r[0], CultureInfo.InvariantCulture), r => r[1]);
    }
}
