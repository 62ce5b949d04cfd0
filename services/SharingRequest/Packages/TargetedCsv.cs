using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// The <c>dashboard.targeted</c> dataset as CSV: one row per province, only the fields the request
/// names, in the catalog's names. A count dashboard-api suppressed stays empty.
/// </summary>
public static class TargetedCsv
{
    private static readonly Dictionary<string, string> JsonNames = new()
    {
        ["province_code"] = "code",
        ["registrants"] = "registrants",
        ["holders"] = "holders",
        ["eligible"] = "eligible",
        ["ineligible"] = "ineligible",
        ["ineligible_by_criterion"] = "ineligibleByCriterion",
        ["inclusion_errors"] = "inclusionErrors",
        ["exclusion_errors"] = "exclusionErrors",
    };

    public static int Write(JsonObject summary, IReadOnlyList<string> fields, TextWriter csv)
    {
        csv.Write(string.Join(',', fields));
        csv.Write('\n');
        var rows = 0;
        foreach (var cells in Rows(summary, fields))
        {
            csv.Write(string.Join(',', cells.Select(Quote)));
            csv.Write('\n');
            rows++;
        }

        return rows;
    }

    /// <summary>One row of cells per province, in the order of <paramref name="fields"/>; a suppressed count is empty.</summary>
    public static IEnumerable<string[]> Rows(JsonObject summary, IReadOnlyList<string> fields)
    {
        var ruleset = summary["ruleset"]?.GetValue<string>() ?? "";
        foreach (var province in summary["provinces"]?.AsArray() ?? [])
        {
            yield return fields.Select(field => field == "ruleset" ? ruleset : Cell(province?[JsonNames.GetValueOrDefault(field, field)])).ToArray();
        }
    }

    private static string Cell(JsonNode? value) => value switch
    {
        null => "",
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => text,
        JsonValue scalar when scalar.TryGetValue<long>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : new StringBuilder("\"").Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
}
