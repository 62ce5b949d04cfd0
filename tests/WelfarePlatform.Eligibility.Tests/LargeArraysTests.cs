using Shouldly;
using WelfarePlatform.Eligibility.Evaluations;

namespace WelfarePlatform.Eligibility.Tests;

/// <summary>
/// A full run's arrays are advised to use huge pages before their first touch: a new one must still
/// be all zeros, also where the collector hands out memory a previous array filled, and a resize
/// keeps what was there.
/// </summary>
public sealed class LargeArraysTests
{
    private const int Length = 3_000_000; // 24 MB of longs: large enough to be advised

    [Fact]
    public void A_new_array_is_zeroed_even_in_memory_a_previous_array_filled()
    {
        for (var round = 0; round < 3; round++)
        {
            var filled = LargeArrays.New<long>(Length);
            filled.AsSpan().Fill(-1);
            filled = null;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();

            var fresh = LargeArrays.New<long>(Length);
            fresh.Length.ShouldBe(Length);
            fresh.AsSpan().ContainsAnyExcept(0L).ShouldBeFalse($"round {round}: a new array held non-zero values");
        }
    }

    [Fact]
    public void A_resize_keeps_the_elements_and_zeroes_the_new_ones()
    {
        var small = new int[1000];
        for (var i = 0; i < small.Length; i++)
        {
            small[i] = i + 1;
        }

        var grown = LargeArrays.Resize(small, Length);

        grown.Length.ShouldBe(Length);
        grown.AsSpan(0, small.Length).SequenceEqual(small).ShouldBeTrue();
        grown.AsSpan(small.Length).ContainsAnyExcept(0).ShouldBeFalse();
        LargeArrays.Resize(grown, 10).ShouldBe([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    }
}
