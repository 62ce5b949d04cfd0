using System.Security.Cryptography;
using System.Text;
using Shouldly;
using WelfarePlatform.Eligibility.Evaluations;

namespace WelfarePlatform.Eligibility.Tests;

/// <summary>A full run's parts: every household in exactly one, and hex-digest hids spread evenly.</summary>
public sealed class HouseholdRangeTests
{
    [Fact]
    public void One_part_is_everyone()
    {
        HouseholdRange.Split(1).ShouldBe([HouseholdRange.Everyone]);
        HouseholdRange.Everyone.IsEveryone.ShouldBeTrue();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public void The_ranges_are_contiguous_and_cover_every_hid(int parts)
    {
        var ranges = HouseholdRange.Split(parts);
        ranges.Count.ShouldBe(parts);
        ranges[0].From.ShouldBeNull();
        ranges[^1].To.ShouldBeNull();
        for (var i = 1; i < parts; i++)
        {
            ranges[i].From.ShouldNotBeNull();
            ranges[i].From.ShouldBe(ranges[i - 1].To);
            string.CompareOrdinal(ranges[i - 1].From ?? "", ranges[i].From).ShouldBeLessThan(0);
        }

        // Any text, hex or not, falls in exactly one range.
        foreach (var hid in new[] { "", "0000", "7fff", "8000", "ffff", "h000001", "ABC", Digest("x") })
        {
            ranges.Count(r => Contains(r, hid)).ShouldBe(1, hid);
        }
    }

    [Fact]
    public void Hex_digest_hids_spread_evenly_over_the_parts()
    {
        var ranges = HouseholdRange.Split(3);
        var sizes = Enumerable.Range(0, 30_000).Select(i => Digest($"h{i}")).GroupBy(hid => ranges.Single(r => Contains(r, hid))).Select(g => g.Count()).ToList();
        sizes.Count.ShouldBe(3);
        sizes.ShouldAllBe(size => size > 9_500 && size < 10_500);
    }

    /// <summary>As the compiled statement compares hids: byte order (the "C" collation).</summary>
    private static bool Contains(HouseholdRange range, string hid) =>
        (range.From is null || string.CompareOrdinal(hid, range.From) >= 0) && (range.To is null || string.CompareOrdinal(hid, range.To) < 0);

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
