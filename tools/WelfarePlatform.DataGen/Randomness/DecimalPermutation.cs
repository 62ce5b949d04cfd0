namespace WelfarePlatform.DataGen.Randomness;

/// <summary>
/// A seeded bijection of [0, 10^9): a four-round Feistel network on a 4-digit and a 5-digit half
/// with modular addition, so each round is invertible whatever the round function. Distinct
/// inputs give distinct 9-digit outputs: IDs built on it never collide, with no set to check
/// them against, and still look random.
/// </summary>
internal sealed class DecimalPermutation
{
    public const int Size = 1_000_000_000;
    private const uint HighModulus = 10_000;
    private const uint LowModulus = 100_000;

    private readonly ulong[] roundKeys = new ulong[4];

    public DecimalPermutation(ulong seed, RandomStream stream)
    {
        var rng = SplitMix64.For(seed, stream, 0);
        for (var round = 0; round < roundKeys.Length; round++)
        {
            roundKeys[round] = rng.NextUInt64();
        }
    }

    public int Permute(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(value, Size);

        var high = (uint)value / LowModulus;
        var low = (uint)value % LowModulus;
        high = (high + (Round(0, low) % HighModulus)) % HighModulus;
        low = (low + (Round(1, high) % LowModulus)) % LowModulus;
        high = (high + (Round(2, low) % HighModulus)) % HighModulus;
        low = (low + (Round(3, high) % LowModulus)) % LowModulus;
        return (int)((high * LowModulus) + low);
    }

    // Constant moduli let the JIT divide by multiplying.
    private uint Round(int round, uint half) => (uint)(SplitMix64.Hash(roundKeys[round] ^ half) >> 32);
}
