using System.Globalization;

namespace WelfarePlatform.DataGen.Tests.Support;

/// <summary>FORMATS.md's date rule, written independently of the generator: yyyy-mm-dd or dd/mm/yyyy, Buddhist Era from 2400, not before 1900.</summary>
internal static class FormatDates
{
    private static readonly DateOnly Earliest = new(1900, 1, 1);

    public static bool TryParse(string text, out DateOnly date)
    {
        date = default;
        int year, month, day;
        if (text.Length == 10 && text[4] == '-' && text[7] == '-')
        {
            if (!Digits(text, 0, 4, out year) || !Digits(text, 5, 2, out month) || !Digits(text, 8, 2, out day))
            {
                return false;
            }
        }
        else if (text.Length == 10 && text[2] == '/' && text[5] == '/')
        {
            if (!Digits(text, 6, 4, out year) || !Digits(text, 3, 2, out month) || !Digits(text, 0, 2, out day))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        if (year >= 2400)
        {
            year -= 543;
        }

        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return date >= Earliest;
    }

    private static bool Digits(string text, int start, int length, out int value)
        => int.TryParse(text.AsSpan(start, length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
