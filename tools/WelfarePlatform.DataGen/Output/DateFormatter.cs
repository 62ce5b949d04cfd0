namespace WelfarePlatform.DataGen.Output;

/// <summary>Formats dates into UTF-8 bytes without allocating.</summary>
internal static class DateFormatter
{
    public const int BuddhistEraOffset = 543;
    public const int MaxLength = 10;

    /// <summary>Writes <paramref name="date"/> in <paramref name="style"/>; returns the bytes written (10).</summary>
    public static int Format(DateOnly date, DateStyle style, Span<byte> destination)
    {
        // One decomposition of the day number, not three (Year, Month and Day each do it).
        date.Deconstruct(out var year, out var month, out var day);
        return Format(year, month, day, style, destination);
    }

    /// <summary>Writes any year/month/day triple, real date or not (the fault rows need "2022-02-30").</summary>
    public static int Format(int year, int month, int day, DateStyle style, Span<byte> destination)
    {
        if (style is DateStyle.IsoBuddhist or DateStyle.DayFirstBuddhist)
        {
            year += BuddhistEraOffset;
        }

        if (style is DateStyle.Iso or DateStyle.IsoBuddhist)
        {
            WriteDigits(destination, 0, year, 4);
            destination[4] = (byte)'-';
            WriteDigits(destination, 5, month, 2);
            destination[7] = (byte)'-';
            WriteDigits(destination, 8, day, 2);
        }
        else
        {
            WriteDigits(destination, 0, day, 2);
            destination[2] = (byte)'/';
            WriteDigits(destination, 3, month, 2);
            destination[5] = (byte)'/';
            WriteDigits(destination, 6, year, 4);
        }

        return MaxLength;
    }

    /// <summary>As <see cref="Format(DateOnly, DateStyle, Span{byte})"/>, as a string (for fault details and the naive baseline).</summary>
    public static string ToText(DateOnly date, DateStyle style)
    {
        Span<byte> bytes = stackalloc byte[MaxLength];
        Format(date, style, bytes);
        return System.Text.Encoding.ASCII.GetString(bytes);
    }

    private static void WriteDigits(Span<byte> destination, int offset, int value, int digits)
    {
        for (var i = offset + digits - 1; i >= offset; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
