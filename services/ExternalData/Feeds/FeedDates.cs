using System.Globalization;

namespace WelfarePlatform.ExternalData.Feeds;

/// <summary>Dates as feeds write them: <c>yyyy-mm-dd</c> or <c>dd/mm/yyyy</c>, a year of 2400 or more being Buddhist Era.</summary>
public static class FeedDates
{
    private static readonly DateOnly Earliest = new(1900, 1, 1);

    public static bool TryParse(string? text, out DateOnly date)
    {
        date = default;
        var value = text?.Trim() ?? "";
        int year, month, day;
        if (value.Length == 10 && value[4] == '-' && value[7] == '-')
        {
            if (!TryInt(value[..4], out year) || !TryInt(value[5..7], out month) || !TryInt(value[8..], out day))
            {
                return false;
            }
        }
        else
        {
            var parts = value.Split('/');
            if (parts.Length != 3 || parts[2].Length != 4 || parts[0].Length is < 1 or > 2 || parts[1].Length is < 1 or > 2
                || !TryInt(parts[0], out day) || !TryInt(parts[1], out month) || !TryInt(parts[2], out year))
            {
                return false;
            }
        }

        // Convert the era before the calendar check: 29/02/2563 is 29 Feb 2020, a real day.
        if (year >= 2400)
        {
            year -= 543;
        }

        if (month is < 1 or > 12 || day < 1 || year is < 1 or > 9999 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return date >= Earliest;
    }

    private static bool TryInt(string digits, out int value)
    {
        value = 0;
        return digits.All(char.IsAsciiDigit) && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
