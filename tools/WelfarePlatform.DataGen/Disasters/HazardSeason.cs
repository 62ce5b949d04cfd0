namespace WelfarePlatform.DataGen.Disasters;

/// <summary>A hazard season: which hazard, in which months, how likely a province declares one in a year, how long and how wide it runs.</summary>
internal sealed record HazardSeason(
    string Hazard,
    int FirstMonth,
    int LastMonth,
    double YearlyChance,
    int MinDays,
    int MaxDays,
    double MaxAffectedShare);
