using System.Globalization;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Randomness;

namespace WelfarePlatform.DataGen.Faults;

/// <summary>
/// The bad values real sources send, one rule broken each. Every value here breaks its own rule
/// and no earlier one in FORMATS.md's order (a bad date is not empty, a negative amount parses).
/// </summary>
internal static class FieldCorruptions
{
    private static readonly string[] UnknownProvinceCodes = ["00", "28", "29", "59", "68", "69", "78", "79", "87", "88", "89", "97", "98", "99"];

    private static readonly string[] NotNumbers = ["N/A", "๕๐๐๐๐", "12O00", "1.2.3", "ไม่มีรายได้", "abc"];

    public static string MalformedId(string validId, ref SplitMix64 rng) => rng.NextInt(4) switch
    {
        0 => validId[..12],
        1 => validId + rng.NextInt(10).ToString(CultureInfo.InvariantCulture),
        2 => validId[..5] + "O" + validId[6..],
        _ => $"{validId[..1]}-{validId[1..5]}-{validId[5..10]}-{validId[10..12]}-{validId[12..]}",
    };

    public static string WrongCheckDigit(string validId, ref SplitMix64 rng)
    {
        var check = validId[12] - '0';
        return validId[..12] + (char)('0' + ((check + rng.NextInt(1, 10)) % 10));
    }

    /// <summary>A date that does not parse or is before 1900 once a Buddhist-Era year is converted.</summary>
    public static string BadDate(ref SplitMix64 rng, DateOnly near) => rng.NextInt(8) switch
    {
        0 => Invariant($"{near.Year:D4}-02-30"),
        1 => Invariant($"31/04/{near.Year:D4}"),
        2 => "2565-02-29", // 2565 BE is 2022, not a leap year
        3 => "1899-12-31",
        4 => "2442-05-01", // 2442 BE is 1899
        5 => Invariant($"{near.Year:D4}/{near.Month:D2}/{near.Day:D2}"),
        6 => Invariant($"{near.Day} ก.ย. {near.Year + DateFormatter.BuddhistEraOffset}"),
        _ => Invariant($"{near.Year:D4}-13-01"),
    };

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>A real date after the batch's as-of date, in any accepted spelling (Buddhist Era included).</summary>
    public static string FutureDate(ref SplitMix64 rng, DateOnly asOf)
        => DateFormatter.ToText(asOf.AddDays(rng.NextInt(1, 400)), (DateStyle)rng.NextInt(4));

    public static string UnknownProvinceCode(ref SplitMix64 rng) => UnknownProvinceCodes[rng.NextInt(UnknownProvinceCodes.Length)];

    public static string NotANumber(ref SplitMix64 rng) => NotNumbers[rng.NextInt(NotNumbers.Length)];

    public static string Negative(long amount) => "-" + Math.Max(1, amount).ToString(CultureInfo.InvariantCulture);

    /// <summary>Drops one to three trailing fields, or adds one: the row no longer has the header's field count.</summary>
    public static string[] WrongFieldCount(string[] fields, ref SplitMix64 rng, out string detail)
    {
        if (rng.Chance(0.25))
        {
            detail = $"{fields.Length + 1} fields instead of {fields.Length}";
            return [.. fields, ""];
        }

        var kept = fields.Length - rng.NextInt(1, 4);
        detail = $"{kept} fields instead of {fields.Length}";
        return fields[..kept];
    }
}
