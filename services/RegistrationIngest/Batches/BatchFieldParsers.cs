using System.Globalization;
using System.Text.RegularExpressions;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>The field rules every batch file shares (FORMATS.md, "Common rules").</summary>
internal static partial class BatchFieldParsers
{
    private static readonly DateOnly EarliestDate = new(1900, 1, 1);
    private const int BuddhistEraOffset = 543;
    private const int FirstBuddhistEraYear = 2400;

    /// <summary><c>yyyy-mm-dd</c> or <c>dd/mm/yyyy</c> (also <c>d/m/yyyy</c>); a year of 2400 or more is Buddhist Era.</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        var value = text.AsSpan().Trim();
        if (!TrySplitDate(value, out var year, out var month, out var day))
        {
            return false;
        }

        // The era is converted before the day is checked: 29/02/2543 is 29 February 2000, a leap day,
        // while 29/02/2544 (2001) is no date at all, whatever 2544 would be as a Gregorian year.
        if (year >= FirstBuddhistEraYear)
        {
            year -= BuddhistEraOffset;
        }

        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return date >= EarliestDate;
    }

    private static bool TrySplitDate(ReadOnlySpan<char> value, out int year, out int month, out int day)
    {
        year = month = day = 0;
        if (value.Length == 10 && value[4] == '-' && value[7] == '-')
        {
            return TryDigits(value[..4], out year) && TryDigits(value.Slice(5, 2), out month) && TryDigits(value.Slice(8, 2), out day);
        }

        var firstSlash = value.IndexOf('/');
        var lastSlash = value.LastIndexOf('/');
        if (firstSlash is < 1 or > 2 || lastSlash - firstSlash is < 2 or > 3 || value.Length - lastSlash - 1 != 4)
        {
            return false;
        }

        return TryDigits(value[..firstSlash], out day)
            && TryDigits(value[(firstSlash + 1)..lastSlash], out month)
            && TryDigits(value[(lastSlash + 1)..], out year);
    }

    private static bool TryDigits(ReadOnlySpan<char> digits, out int number) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number);

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
