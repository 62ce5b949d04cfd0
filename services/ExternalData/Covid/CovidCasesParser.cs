using System.Globalization;
using System.Text.Json;
using WelfarePlatform.ExternalData.Feeds;
using WelfarePlatform.Reference;

namespace WelfarePlatform.ExternalData.Covid;

/// <summary>The accepted days and rejected rows of one DDC-shaped Covid-19 feed.</summary>
public sealed record CovidCasesParse(int RowsRead, IReadOnlyList<CovidDay> Days, IReadOnlyList<RowReject> Rejects);

/// <summary>
/// Reads the Department of Disease Control's open-data shape (FORMATS.md): a JSON array of
/// <c>{ txn_date, province, new_case, total_case, ..., new_death, ..., update_date }</c>, province as its
/// Thai name. Each row is checked in the batch files' reason order; a bad row is rejected with its
/// number (array position from 1) and the rest is kept.
/// </summary>
public static class CovidCasesParser
{
    public static CovidCasesParse Parse(ReadOnlyMemory<byte> json, DateOnly today)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FeedFormatException($"The body is not JSON ({e.Message}). Send the DDC shape: a JSON array of {{ txn_date, province, new_case, new_death, ... }} objects.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FeedFormatException($"The body is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an array. Send the DDC shape: a JSON array of {{ txn_date, province, new_case, new_death, ... }} objects.");
            }

            var days = new List<CovidDay>();
            var rejects = new List<RowReject>();
            var seen = new HashSet<(string, DateOnly)>();
            var row = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                row++;
                var reject = TryReadRow(element, row, today, seen, out var day);
                if (reject is not null)
                {
                    rejects.Add(reject);
                }
                else
                {
                    days.Add(day!);
                }
            }

            return new CovidCasesParse(row, days, rejects);
        }
    }

    private static RowReject? TryReadRow(JsonElement element, int row, DateOnly today, HashSet<(string, DateOnly)> seen, out CovidDay? day)
    {
        day = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new RowReject(row, FeedReasonCodes.BadRow, $"the element is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        // One pass over the object's properties (the DDC rows carry nine; four are used).
        JsonElement txnDate = default, provinceName = default, newCase = default, newDeath = default;
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals("txn_date"u8))
            {
                txnDate = property.Value;
            }
            else if (property.NameEquals("province"u8))
            {
                provinceName = property.Value;
            }
            else if (property.NameEquals("new_case"u8))
            {
                newCase = property.Value;
            }
            else if (property.NameEquals("new_death"u8))
            {
                newDeath = property.Value;
            }
        }

        var missing = IsMissing(txnDate) ? "txn_date" : IsMissing(provinceName) ? "province" : IsMissing(newCase) ? "new_case" : null;
        if (missing is not null)
        {
            return new RowReject(row, FeedReasonCodes.MissingField, $"{missing} is missing or empty");
        }

        var dateText = Text(txnDate);
        if (!FeedDates.TryParse(dateText, out var date))
        {
            return new RowReject(row, FeedReasonCodes.BadDate, $"txn_date '{dateText}' is not a date (yyyy-mm-dd or dd/mm/yyyy)");
        }

        if (date > today)
        {
            return new RowReject(row, FeedReasonCodes.FutureDate, $"txn_date {date:yyyy-MM-dd} is after today ({today:yyyy-MM-dd})");
        }

        var name = Text(provinceName);
        if (!Provinces.TryResolve(name, out var province))
        {
            return new RowReject(row, FeedReasonCodes.UnknownProvince, $"province '{name}' is not one of the 77 provinces");
        }

        var numberReject = TryCount(newCase, "new_case", row, out var newCases);
        long? newDeaths = null;
        numberReject ??= TryCount(newDeath, "new_death", row, out newDeaths);
        if (numberReject is not null)
        {
            return numberReject;
        }

        if (!seen.Add((province.Code, date)))
        {
            return new RowReject(row, FeedReasonCodes.DuplicateInFile, $"{province.NameEn} on {date:yyyy-MM-dd} appeared earlier in this feed");
        }

        day = new CovidDay(province.Code, date, newCases!.Value, newDeaths);
        return null;
    }

    /// <summary>A non-negative whole count, as a JSON number or a numeric string; absent (null) is allowed here.</summary>
    private static RowReject? TryCount(JsonElement value, string name, int row, out long? count)
    {
        count = null;
        if (IsMissing(value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            count = number;
        }
        else
        {
            var text = Text(value);
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
            {
                return new RowReject(row, FeedReasonCodes.BadNumber, $"{name} '{text}' is not a whole number");
            }

            count = number;
        }

        if (count < 0)
        {
            var negative = count;
            count = null;
            return new RowReject(row, FeedReasonCodes.NegativeAmount, $"{name} {negative} is below zero");
        }

        return null;
    }

    /// <summary>Absent (default element), null, or an empty string.</summary>
    private static bool IsMissing(JsonElement value) =>
        value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
        || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString()));

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : value.GetRawText();
}
