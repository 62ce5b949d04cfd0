using WelfarePlatform.DataGen.Randomness;

namespace WelfarePlatform.DataGen.Faults;

/// <summary>
/// Where bad rows go: the valid rows are cut into blocks of 1/rate rows and one bad row lands at a
/// random place in each block. The count is rate × valid rows within one (no drift on big files,
/// no clumps) and the places look random.
/// </summary>
internal sealed class FaultSchedule
{
    private readonly double blockLength;
    private readonly ulong seed;
    private readonly long streamBase;
    private long nextFault;
    private long nextPosition;

    public FaultSchedule(ulong seed, long fileStream, double rate)
    {
        this.seed = seed;
        streamBase = fileStream << 32;
        blockLength = rate > 0 ? 1.0 / rate : double.PositiveInfinity;
        nextPosition = PositionOf(0);
    }

    /// <summary>The valid row (counted from 1) after which the next bad row goes; long.MaxValue when none will.</summary>
    public long NextPosition => nextPosition;

    /// <summary>How many bad rows go right after valid row <paramref name="validRow"/> (counted from 1); call once per valid row, in order.</summary>
    public int DueAfter(long validRow)
    {
        var due = 0;
        while (nextPosition == validRow)
        {
            due++;
            nextFault++;
            nextPosition = PositionOf(nextFault);
        }

        return due;
    }

    private long PositionOf(long fault)
    {
        if (double.IsPositiveInfinity(blockLength))
        {
            return long.MaxValue;
        }

        var rng = SplitMix64.For(seed, RandomStream.FaultPositions, streamBase + fault);
        return 1 + (long)((fault + rng.NextDouble()) * blockLength);
    }
}
