namespace WelfarePlatform.DataGen.Randomness;

/// <summary>
/// Steele, Lea and Flood's SplitMix64: 8 bytes of state, a few ns a draw, and good enough
/// statistics for synthetic data. Every draw is integer or exact IEEE arithmetic (no Math.Log,
/// Exp or Sin, whose last bit may differ between C libraries), so a seed gives the same file on
/// any machine.
/// </summary>
internal struct SplitMix64(ulong state)
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>A generator for one independent stream, e.g. (seed, households, household 42).</summary>
    public static SplitMix64 For(ulong seed, RandomStream stream, long index)
        => new(Hash(Hash(seed ^ ((ulong)stream * Golden)) ^ (ulong)index));

    /// <summary>The SplitMix64 finalizer: a bijective, well-mixed 64-bit hash.</summary>
    public static ulong Hash(ulong value)
    {
        value += Golden;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    public ulong NextUInt64()
    {
        state += Golden;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>) by Lemire's multiply-shift (bias below 2^-32).</summary>
    public int NextInt(int maxExclusive) => (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int min, int maxExclusive) => min + NextInt(maxExclusive - min);

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>
    /// Roughly standard normal: the Irwin–Hall sum of four uniforms, rescaled. Bounded to ±3.46,
    /// which suits incomes and ages better than a true normal's unbounded tails.
    /// </summary>
    public double NextNormalish()
        => (NextDouble() + NextDouble() + NextDouble() + NextDouble() - 2.0) * 1.7320508075688772;
}
