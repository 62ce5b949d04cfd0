using WelfarePlatform.DataGen.Randomness;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Population;

/// <summary>
/// Where registrants live: each province's registered population times how much more (or less)
/// often its people register than the national average. The factors are this generator's
/// assumption, in line with where Thai poverty is (Northeast, North, the Deep South; least in
/// Bangkok and the industrial East); they are not published figures.
/// </summary>
internal static class RegistrantWeights
{
    public static readonly WeightedChoice Provinces = new([.. WelfarePlatform.Reference.Provinces.All.Select(Weight)]);

    /// <summary>The share of registrants expected in the province at <paramref name="index"/> of <c>Provinces.All</c>.</summary>
    public static double Share(int index) => Provinces.Share(index);

    public static double RegistrationPropensity(Province province) => province switch
    {
        { Number: 10 } => 0.45,
        { IsDeepSouth: true } => 1.45,
        { Number: >= 60 and <= 67 } => 1.2, // the lower North, poorer than the rest of the Central region it is counted in
        { Region: Region.Northeast } => 1.5,
        { Region: Region.North } => 1.3,
        { Region: Region.West } => 0.95,
        { Region: Region.South } => 0.95,
        { Region: Region.East } => 0.75,
        _ => 0.85,
    };

    /// <summary>Shifts the household's affluence score: registrants in richer places are richer registrants.</summary>
    public static double AffluenceShift(Province province) => province switch
    {
        { Number: 10 } => 0.55,
        { Number: 11 or 12 or 13 or 20 or 21 or 83 } => 0.35, // Bangkok's ring, the Eastern Seaboard, Phuket
        { IsDeepSouth: true } => -0.25,
        { Region: Region.Northeast } => -0.2,
        { Region: Region.North } => -0.1,
        { Region: Region.East or Region.Central } => 0.15,
        _ => 0.0,
    };

    private static double Weight(Province province) => province.Population * RegistrationPropensity(province);
}
