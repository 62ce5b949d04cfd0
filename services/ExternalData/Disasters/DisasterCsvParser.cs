using System.Globalization;
using WelfarePlatform.ExternalData.Feeds;
using WelfarePlatform.Reference;

namespace WelfarePlatform.ExternalData.Disasters;

/// <summary>The accepted declarations and rejected rows of one disaster CSV.</summary>
public sealed record DisasterCsvParse(int RowsRead, IReadOnlyList<DisasterDeclaration> Declarations, IReadOnlyList<RowReject> Rejects, IReadOnlyList<string> UnknownColumns);

/// <summary>
/// Reads disaster declarations (FORMATS.md): columns <c>province</c> (code, Thai or English name),
/// <c>district</c>, <c>hazard</c>, <c>declared_on</c>, <c>ended_on</c>, <c>affected_households</c>, in any
/// order and letter case. Rows are checked in the batch files' reason order.
/// </summary>
public static class DisasterCsvParser
{
    public static readonly IReadOnlyList<string> Hazards = ["flood", "drought", "storm", "landslide", "fire", "other"];
    private static readonly string[] Required = ["province", "hazard", "declared_on"];
    private static readonly string[] Known = ["province", "district", "hazard", "declared_on", "ended_on", "affected_households"];

    public static DisasterCsvParse Parse(string text, DateOnly asOf)
    {
        using var records = CsvText.Records(text).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new FeedFormatException("The file is empty. Send a CSV with the header province,district,hazard,declared_on,ended_on,affected_households.");
        }

        var header = records.Current.Select(name => name.Trim().ToLowerInvariant()).ToArray();
        var missing = Required.Where(name => !header.Contains(name)).ToArray();
        if (missing.Length > 0)
        {
            throw new FeedFormatException($"The header lacks the required column(s) {string.Join(", ", missing)}. The header is: {string.Join(",", header)}.");
        }

        var column = Known.ToDictionary(name => name, name => Array.IndexOf(header, name));
        var declarations = new List<DisasterDeclaration>();
        var rejects = new List<RowReject>();
        var seen = new HashSet<(string, string, string, DateOnly)>();
        var row = 0;
        while (records.MoveNext())
        {
            row++;
            var fields = records.Current;
            var reject = fields.Length != header.Length
                ? new RowReject(row, FeedReasonCodes.ColumnCount, $"the row has {fields.Length} fields, the header {header.Length}")
                : TryReadRow(name => column[name] < 0 ? "" : fields[column[name]].Trim(), row, asOf, seen, out var declaration)
                  ?? Accept(declarations, declaration!);
            if (reject is not null)
            {
                rejects.Add(reject);
            }
        }

        return new DisasterCsvParse(row, declarations, rejects, [.. header.Where(name => !Known.Contains(name))]);
    }

    private static RowReject? Accept(List<DisasterDeclaration> declarations, DisasterDeclaration declaration)
    {
        declarations.Add(declaration);
        return null;
    }

    private static RowReject? TryReadRow(Func<string, string> field, int row, DateOnly asOf, HashSet<(string, string, string, DateOnly)> seen, out DisasterDeclaration? declaration)
    {
        declaration = null;
        foreach (var name in Required)
        {
            if (field(name).Length == 0)
            {
                return new RowReject(row, FeedReasonCodes.MissingField, $"{name} is empty");
            }
        }

        if (!FeedDates.TryParse(field("declared_on"), out var declaredOn))
        {
            return new RowReject(row, FeedReasonCodes.BadDate, $"declared_on '{field("declared_on")}' is not a date (yyyy-mm-dd or dd/mm/yyyy)");
        }

        DateOnly? endedOn = null;
        if (field("ended_on").Length > 0)
        {
            if (!FeedDates.TryParse(field("ended_on"), out var ended))
            {
                return new RowReject(row, FeedReasonCodes.BadDate, $"ended_on '{field("ended_on")}' is not a date (yyyy-mm-dd or dd/mm/yyyy)");
            }

            if (ended < declaredOn)
            {
                return new RowReject(row, FeedReasonCodes.BadDate, $"ended_on {ended:yyyy-MM-dd} is before declared_on {declaredOn:yyyy-MM-dd}");
            }

            endedOn = ended;
        }

        if (declaredOn > asOf || endedOn > asOf)
        {
            return new RowReject(row, FeedReasonCodes.FutureDate, $"{(declaredOn > asOf ? "declared_on" : "ended_on")} is after the feed's asOf {asOf:yyyy-MM-dd}");
        }

        if (!Provinces.TryResolve(field("province"), out var province))
        {
            return new RowReject(row, FeedReasonCodes.UnknownProvince, $"province '{field("province")}' is not a province code or a Thai or English province name");
        }

        int? households = null;
        if (field("affected_households").Length > 0)
        {
            var text = field("affected_households");
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var parsed))
            {
                return new RowReject(row, FeedReasonCodes.BadNumber, $"affected_households '{text}' is not a whole number");
            }

            if (parsed < 0)
            {
                return new RowReject(row, FeedReasonCodes.NegativeAmount, $"affected_households {parsed} is below zero");
            }

            households = parsed;
        }

        var hazard = field("hazard").ToLowerInvariant();
        if (!Hazards.Contains(hazard))
        {
            return new RowReject(row, FeedReasonCodes.BadEnum, $"hazard '{field("hazard")}' is not one of {string.Join(", ", Hazards)}");
        }

        var district = field("district");
        if (!seen.Add((province.Code, district, hazard, declaredOn)))
        {
            return new RowReject(row, FeedReasonCodes.DuplicateInFile, $"a {hazard} declared on {declaredOn:yyyy-MM-dd} in {(district.Length > 0 ? $"{district}, " : "")}{province.NameEn} appeared earlier in this file");
        }

        declaration = new DisasterDeclaration(province.Code, district, hazard, declaredOn, endedOn, households);
        return null;
    }
}
