namespace WelfarePlatform.DataGen.Covid;

/// <summary>
/// Thailand's waves, shaped after the published national curve: the first (Bangkok, March 2020),
/// the Samut Sakhon market cluster (December 2020), April 2021 (Bangkok), Delta (mid-2021, the
/// Deep South peaking late), Omicron (early 2022) and BA.5 (mid-2022). Sizes and dates are rounded
/// stand-ins, not the official series.
/// </summary>
internal static class CovidWaves
{
    public static readonly CovidWave[] Thailand =
    [
        new(new DateOnly(2020, 3, 25), 35, 3_000, 0.019, 0.30, [10]),
        new(new DateOnly(2021, 1, 5), 40, 22_000, 0.002, 0.02, [74]),
        new(new DateOnly(2021, 5, 10), 45, 200_000, 0.006, 0.01, [10]),
        new(new DateOnly(2021, 8, 12), 75, 1_900_000, 0.010, 0.0, [10, 11, 12, 13, 74], ExtraDelayDeepSouth: 45),
        new(new DateOnly(2022, 3, 20), 80, 2_000_000, 0.002, 0.0, [10]),
        new(new DateOnly(2022, 7, 20), 45, 200_000, 0.004, 0.0, [10]),
    ];
}
