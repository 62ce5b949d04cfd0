using System.Numerics;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>
/// The keys a file has shown so far, for DUPLICATE_IN_FILE, in 4 to 8 bytes per key. A
/// <c>HashSet&lt;long&gt;</c> takes 20 bytes per slot (a 16-byte entry and a 4-byte bucket), up to twice
/// as many slots as keys, and while it doubles the old and the new table at once: by that arithmetic
/// about 340 MB at 10 million rows, most of the service's 400 MB. Here a key
/// (below 2^48: a 13-digit national ID, times 16 for evidence's type) is split by its low 16 bits
/// into one of 65,536 small open-addressing tables that keep its other 32 bits, so a table's growth
/// copies a few kilobytes, never the whole set.
/// </summary>
internal sealed class KeySet
{
    /// <summary>Keys are below this (just under 2^48): 32 bits are kept per key, plus one, beside the 16 of its partition.</summary>
    public const long KeyLimit = (1L << 48) - (1L << 16);

    private const int PartitionBits = 16;
    private const int FirstCapacity = 8;
    private readonly uint[]?[] partitions = new uint[]?[1 << PartitionBits];
    private readonly int[] counts = new int[1 << PartitionBits];

    public int Count { get; private set; }

    /// <summary>Adds <paramref name="key"/>; false when it was already in the set.</summary>
    public bool Add(long key)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(key, KeyLimit);
        var partition = (int)(key & ((1 << PartitionBits) - 1));
        // Stored plus one: zero marks an empty slot. Below KeyLimit, key >> 16 < 2^32 - 1, so it fits.
        var stored = (uint)(key >> PartitionBits) + 1;
        var table = partitions[partition] ??= new uint[FirstCapacity];
        if (!Insert(table, stored))
        {
            return false;
        }

        Count++;
        // Grown at three quarters full: linear probing stays short.
        if (++counts[partition] * 4 > table.Length * 3)
        {
            var larger = new uint[table.Length * 2];
            foreach (var value in table)
            {
                if (value != 0)
                {
                    Insert(larger, value);
                }
            }

            partitions[partition] = larger;
        }

        return true;
    }

    /// <summary>Bytes the set holds in its tables (not counting object headers).</summary>
    public long TableBytes => partitions.Sum(p => (long)(p?.Length ?? 0)) * sizeof(uint);

    private static bool Insert(uint[] table, uint stored)
    {
        var mask = table.Length - 1;
        // Fibonacci hashing spreads keys that differ only in high bits (IDs of one province and category).
        var slot = (int)((stored * 2654435769u) >> (32 - BitOperations.Log2((uint)table.Length))) & mask;
        while (true)
        {
            var current = table[slot];
            if (current == 0)
            {
                table[slot] = stored;
                return true;
            }

            if (current == stored)
            {
                return false;
            }

            slot = (slot + 1) & mask;
        }
    }
}
