using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Disasters;

/// <summary>
/// Where and when Thailand's declared disasters happen. Floods come with the southwest monsoon
/// (July–November) in the North, Northeast and Central plains, the Chao Phraya basin worst; the
/// South's east coast floods with the northeast monsoon (October–December). Droughts come in the
/// dry season (February–May), in the Northeast and North. Storms, landslides and forest fires
/// add the rest. Chances are this generator's rounding of that pattern.
/// </summary>
internal static class HazardSeasons
{
    public static IEnumerable<HazardSeason> For(Province province)
    {
        var region = province.Number is >= 60 and <= 67 ? Region.North : province.Region; // the lower North floods like the North
        var chaoPhrayaBasin = province.Number is 14 or 15 or 16 or 17 or 18 or 60 or 61 or 66 or 72;
        switch (region)
        {
            case Region.North or Region.Northeast or Region.Central:
                yield return new HazardSeason("flood", 7, 11, chaoPhrayaBasin ? 0.6 : region == Region.Central ? 0.25 : 0.4, 14, 75, 0.15);
                break;
            case Region.South:
                var eastCoast = province.Number is 80 or 84 or 86 or 90 or 93 or 94 or 95 or 96;
                yield return new HazardSeason("flood", 10, 12, eastCoast ? 0.55 : 0.3, 10, 45, 0.12);
                break;
            default:
                yield return new HazardSeason("flood", 7, 11, 0.15, 7, 40, 0.05);
                break;
        }

        if (region is Region.Northeast or Region.North)
        {
            yield return new HazardSeason("drought", 2, 5, region == Region.Northeast ? 0.5 : 0.35, 30, 100, 0.3);
        }

        if (region != Region.South && province.Number != 10)
        {
            yield return new HazardSeason("storm", 8, 10, 0.08, 3, 14, 0.03);
        }

        if (province.Number is 50 or 53 or 55 or 57 or 58 or 80 or 81 or 82 or 84)
        {
            yield return province.Region == Region.South
                ? new HazardSeason("landslide", 11, 12, 0.06, 3, 21, 0.003)
                : new HazardSeason("landslide", 8, 9, 0.06, 3, 21, 0.003);
        }

        if (province.Number is 50 or 51 or 52 or 55 or 56 or 57 or 58)
        {
            yield return new HazardSeason("fire", 2, 4, 0.1, 5, 30, 0.005);
        }
    }
}
