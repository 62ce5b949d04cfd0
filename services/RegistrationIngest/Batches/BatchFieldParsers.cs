using System.Globalization;
using System.Text.RegularExpressions;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>The field rules every batch file shares (FORMATS.md, "Common rules").</summary>
internal static partial class BatchFieldParsers
{
    private static readonly DateOnly EarliestDate = new(1900, 1, 1);
    private const int BuddhistEraOffset = 543;
    private const int FirstBuddhistEraYear = 2400;
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

    /// <summary><c>yyyy-mm-dd</c> or <c>dd/mm/yyyy</c>; a year of 2400 or more is Buddhist Era.</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        var value = text.Trim();
        if (!TryParseIsoDate(value, out var parsed)
            && !DateOnly.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out parsed))
        {
            return false;
        }

        if (parsed.Year >= FirstBuddhistEraYear)
        {
            parsed = parsed.AddYears(-BuddhistEraOffset);
        }

        date = parsed;
        return parsed >= EarliestDate;
    }

    /// <summary>The common <c>yyyy-mm-dd</c> read directly: the general parser costs more than the rest of a row's checks.</summary>
    private static bool TryParseIsoDate(string value, out DateOnly date)
    {
        date = default;
        if (value.Length != 10 || value[4] != '-' || value[7] != '-'
            || !int.TryParse(value.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(value.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(value.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Baht with a decimal point and optional thousands separators, e.g. <c>100,000.50</c>.</summary>
    public static bool TryParseAmount(string text, out decimal amount)
    {
        amount = 0;
        var value = text.Trim();
        if (!PlainNumber().IsMatch(value) && !GroupedNumber().IsMatch(value))
        {
            return false;
        }

        return decimal.TryParse(value.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex PlainNumber();

    [GeneratedRegex(@"^-?\d{1,3}(,\d{3})+(\.\d+)?$")]
    private static partial Regex GroupedNumber();
}
