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
    private const int HighModulus = 10_000;
    private const int LowModulus = 100_000;

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

        var high = value / LowModulus;
        var low = value % LowModulus;
        high = (int)((high + (SplitMix64.Hash(roundKeys[0] ^ (ulong)low) % HighModulus)) % HighModulus);
        low = (int)((low + (SplitMix64.Hash(roundKeys[1] ^ (ulong)high) % LowModulus)) % LowModulus);
        high = (int)((high + (SplitMix64.Hash(roundKeys[2] ^ (ulong)low) % HighModulus)) % HighModulus);
        low = (int)((low + (SplitMix64.Hash(roundKeys[3] ^ (ulong)high) % LowModulus)) % LowModulus);
        return (high * LowModulus) + low;
    }
}
