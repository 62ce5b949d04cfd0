namespace WelfarePlatform.DataGen.Output;

/// <summary>
/// Turns a person's random spelling bits into the variety real files show: mostly ISO dates, some
/// Buddhist-Era or day-first ones, the odd amount quoted with thousands separators, optional
/// fields left blank. All of it valid per FORMATS.md.
/// </summary>
internal static class Spelling
{
    public static DateStyle BirthDate(uint bits) => (bits & 127) switch
    {
        < 119 => DateStyle.Iso,
        < 123 => DateStyle.IsoBuddhist,
        < 126 => DateStyle.DayFirst,
        _ => DateStyle.DayFirstBuddhist,
    };

    public static DateStyle RegisteredAt(uint bits) => ((bits >> 16) & 31) switch
    {
        0 => DateStyle.DayFirst,
        1 => DateStyle.IsoBuddhist,
        _ => DateStyle.Iso,
    };

    /// <summary>About one amount in sixteen is written "45,000" (quoted).</summary>
    public static bool QuotedThousands(uint bits, long amount) => amount >= 1000 && ((bits >> 7) & 15) == 0;

    /// <summary>About one amount in sixteen is written with satang: "45000.00".</summary>
    public static bool WithSatang(uint bits) => ((bits >> 7) & 15) == 1;

    /// <summary>One head in eight leaves relationship blank (it defaults to head).</summary>
    public static bool BlankRelationship(uint bits) => ((bits >> 12) & 7) == 0;

    /// <summary>One non-holder in eight leaves card_holder blank (it defaults to 0).</summary>
    public static bool BlankCardHolder(uint bits) => ((bits >> 12) & 7) == 1;
}
