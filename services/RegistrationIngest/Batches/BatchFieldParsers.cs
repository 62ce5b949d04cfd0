using System.Globalization;
using System.Text.RegularExpressions;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>The field rules every batch file shares (FORMATS.md, "Common rules").</summary>
internal static partial class BatchFieldParsers
{
    private static readonly DateOnly EarliestDate = new(1900, 1, 1);
    private const int BuddhistEraOffset = 543;
    private const int FirstBuddhistEraYear = 2400;

    /// <summary><c>yyyy-mm-dd</c> or <c>dd/mm/yyyy</c>; a year of 2400 or more is Buddhist Era.</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        var value = text.Trim();
        if (!DateOnly.TryParseExact(value, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
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
