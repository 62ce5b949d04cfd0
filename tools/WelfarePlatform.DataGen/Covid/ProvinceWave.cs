using WelfarePlatform.DataGen.Randomness;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Covid;

/// <summary>
/// A wave as one province lived it: later the further it is from the epicentre, bigger where
/// people crowd. Expected cases follow a biweight bump (1 − x²)², which has the bell's shape
/// without Math.Exp, so the series is the same on every machine.
/// </summary>
internal readonly record struct ProvinceWave(int PeakDay, int HalfWidthDays, double PeakDailyCases, double FatalityRate, double ImportedShare)
{
    /// <summary>Sum of (1 − x²)² over a bump of half-width h is h × 16/15.</summary>
    private const double BumpArea = 16.0 / 15.0;

    public static ProvinceWave For(CovidWave wave, Province province, int waveIndex, ulong seed, double provinceCaseShare)
    {
        var rng = SplitMix64.For(seed, RandomStream.CovidWaves, (waveIndex * 100) + province.Number);
        var epicentre = Array.IndexOf(wave.EpicentreProvinces, province.Number) >= 0;
        var delay = epicentre ? 0 : DelayDays(province, ref rng) + (province.IsDeepSouth ? wave.ExtraDelayDeepSouth : 0);
        var intensity = epicentre ? 4.0 : 0.5 + rng.NextDouble();
        var cases = wave.NationalCases * provinceCaseShare * intensity;
        return new ProvinceWave(
            wave.EpicentrePeak.DayNumber + delay,
            wave.HalfWidthDays,
            cases / (wave.HalfWidthDays * BumpArea),
            wave.FatalityRate,
            wave.ImportedShare);
    }

    public double ExpectedCases(int dayNumber)
    {
        var x = (dayNumber - PeakDay) / (double)HalfWidthDays;
        if (x is <= -1 or >= 1)
        {
            return 0;
        }

        var bump = 1 - (x * x);
        return PeakDailyCases * bump * bump;
    }

    private static int DelayDays(Province province, ref SplitMix64 rng) => province switch
    {
        { Number: 11 or 12 or 13 or 73 or 74 } => rng.NextInt(2, 9),
        { Region: Region.Central } => rng.NextInt(5, 16),
        { Region: Region.East or Region.West } => rng.NextInt(7, 21),
        { Region: Region.South } => rng.NextInt(12, 35),
        _ => rng.NextInt(10, 32),
    };
}
