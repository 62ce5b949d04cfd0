using Shouldly;
using WelfarePlatform.RegistrationIngest.Batches;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class KeySetTests
{
    [Fact]
    public void A_key_is_new_once_and_a_duplicate_after()
    {
        var set = new KeySet();
        set.Add(3_101_234_567_890).ShouldBeTrue();
        set.Add(3_101_234_567_890).ShouldBeFalse();
        // Same partition (low 16 bits), other high bits; and same high bits, other partition.
        set.Add(3_101_234_567_890 + (1L << 16)).ShouldBeTrue();
        set.Add(3_101_234_567_890 + 1).ShouldBeTrue();
        set.Count.ShouldBe(3);
    }

    [Fact]
    public void The_smallest_and_largest_keys_are_kept_apart_from_the_empty_slot()
    {
        var set = new KeySet();
        set.Add(0).ShouldBeTrue();
        set.Add(0).ShouldBeFalse();
        set.Add(KeySet.KeyLimit - 1).ShouldBeTrue();
        set.Add(KeySet.KeyLimit - 1).ShouldBeFalse();
        // Evidence's largest key: a 13-digit ID times 16 plus the type.
        set.Add((9_999_999_999_999L * 16) + 15).ShouldBeTrue();
        Should.Throw<ArgumentOutOfRangeException>(() => set.Add(KeySet.KeyLimit));
        Should.Throw<ArgumentOutOfRangeException>(() => set.Add(-1));
    }

    [Fact]
    public void It_answers_as_a_hash_set_does_for_a_million_keys_with_repeats()
    {
        var random = new Random(7);
        var set = new KeySet();
        var reference = new HashSet<long>();
        for (var i = 0; i < 1_000_000; i++)
        {
            // Every fourth key repeats an earlier one; others are national-ID-sized numbers.
            var key = i % 4 == 3 && reference.Count > 0 ? 1_000_000_000_000 + random.Next(i) : random.NextInt64(1_000_000_000_000, 9_999_999_999_999);
            set.Add(key).ShouldBe(reference.Add(key), $"key {key}");
        }

        set.Count.ShouldBe(reference.Count);
    }

    [Fact]
    public void Ten_million_national_ids_take_about_four_bytes_each()
    {
        var set = new KeySet();
        // Consecutive IDs of one province and category: the worst case for a hash of the low digits.
        for (var i = 0L; i < 10_000_000; i++)
        {
            set.Add(1_101_000_000_000 + (i * 10)).ShouldBeTrue();
        }

        // A HashSet<long> holds 20 bytes per key at this size (and 1.5 times that while it grows).
        set.TableBytes.ShouldBeLessThan(10_000_000L * 8);
    }
}
