namespace WelfarePlatform.DataGen.Randomness;

/// <summary>Draws an index with probability proportional to its weight (cumulative table, binary search).</summary>
internal sealed class WeightedChoice
{
    private readonly double[] cumulative;

    public WeightedChoice(IReadOnlyList<double> weights)
    {
        cumulative = new double[weights.Count];
        var total = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(weights[i]);
            total += weights[i];
            cumulative[i] = total;
        }

        for (var i = 0; i < cumulative.Length; i++)
        {
            cumulative[i] /= total;
        }

        cumulative[^1] = 1.0;
    }

    public int Count => cumulative.Length;

    /// <summary>The probability of index <paramref name="index"/>.</summary>
    public double Share(int index) => cumulative[index] - (index == 0 ? 0.0 : cumulative[index - 1]);

    public int Next(ref SplitMix64 rng)
    {
        var u = rng.NextDouble();
        int low = 0, high = cumulative.Length - 1;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (cumulative[middle] > u)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}
