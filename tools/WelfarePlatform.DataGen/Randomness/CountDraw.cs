namespace WelfarePlatform.DataGen.Randomness;

/// <summary>
/// A Poisson-like count around an expected value, from exact arithmetic only: a binomial of ten
/// trials for small means, a rounded normal-ish draw with the Poisson's spread (√λ, correctly
/// rounded in IEEE) for larger ones.
/// </summary>
internal static class CountDraw
{
    public static int Draw(double expected, ref SplitMix64 rng)
    {
        if (expected <= 0)
        {
            return 0;
        }

        if (expected < 5)
        {
            var p = expected / 10;
            var count = 0;
            for (var trial = 0; trial < 10; trial++)
            {
                if (rng.NextDouble() < p)
                {
                    count++;
                }
            }

            return count;
        }

        return Math.Max(0, (int)Math.Round(expected + (rng.NextNormalish() * Math.Sqrt(expected))));
    }
}
