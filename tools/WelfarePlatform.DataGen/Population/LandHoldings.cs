using WelfarePlatform.DataGen.Randomness;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Population;

/// <summary>House plots, farm land and condominium units as the Department of Lands records them.</summary>
internal static class LandHoldings
{
    public static void Draw(ref Person person, ref SplitMix64 rng, double affluence, Province province)
    {
        var ownerChance = person.Relationship switch
        {
            Relationship.Head => 1.0,
            Relationship.Spouse => 0.25,
            _ => 0.08,
        };

        if (rng.Chance(0.32 * ownerChance))
        {
            // Richer owners have bigger plots: shift the draw up by affluence.
            var u = Math.Clamp(rng.NextDouble() + (0.08 * affluence), 0.0, 1.0);
            var sqwa = EconomicTables.ResidentialPlotSqwa.At(u);
            person.LandResidentialHundredths = rng.Chance(0.002) ? 25_00 : QuarterUnits(sqwa, ref rng);
        }

        if (rng.Chance(FarmChance(province) * ownerChance))
        {
            person.LandAgriculturalHundredths = QuarterUnits(EconomicTables.AgriculturalRai.At(rng.NextDouble()), ref rng);
        }

        var condoChance = province.Number is 10 or 11 or 12 or 13 or 20 or 83 ? 0.03 + (affluence > 0.5 ? 0.05 : 0.0) : 0.004;
        if (rng.Chance(condoChance * ownerChance))
        {
            person.CondoHundredths = (rng.NextInt(22_00, 80_00) / 25) * 25;
        }
    }

    private static double FarmChance(Province province) => province switch
    {
        { Number: 10 } => 0.02,
        { Region: Region.Northeast } => 0.5,
        { Region: Region.North } => 0.45,
        { Region: Region.South } => 0.4,
        _ => 0.28,
    };

    /// <summary>Title deeds measure in quarters more often than not; hundredths of the unit otherwise.</summary>
    private static int QuarterUnits(double value, ref SplitMix64 rng)
    {
        var hundredths = (int)(value * 100);
        return rng.Chance(0.7) ? hundredths / 25 * 25 : hundredths;
    }
}
