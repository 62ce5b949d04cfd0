using System.Globalization;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// The households whose hid is at least <paramref name="From"/> and below <paramref name="To"/>
/// (null: unbounded), in the "C" collation: one part of a full run. A household is never split,
/// so each part decides its household averages alone.
/// </summary>
internal sealed record HouseholdRange(string? From, string? To)
{
    public static readonly HouseholdRange Everyone = new(null, null);

    public bool IsEveryone => From is null && To is null;

    /// <summary>
    /// <paramref name="parts"/> ranges that cover every hid once, in order. hids are hex digests, so
    /// cutting the range of their first four digits into equal spans gives parts of equal size.
    /// </summary>
    public static IReadOnlyList<HouseholdRange> Split(int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        var bounds = Enumerable.Range(1, parts - 1).Select(i => (i * 0x10000 / parts).ToString("x4", CultureInfo.InvariantCulture)).ToList();
        return [.. Enumerable.Range(0, parts).Select(i => new HouseholdRange(i == 0 ? null : bounds[i - 1], i == parts - 1 ? null : bounds[i]))];
    }
}
