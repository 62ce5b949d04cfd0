namespace WelfarePlatform.DataGen.Covid;

/// <summary>One national epidemic wave: where it started, when it peaked there, how wide and how big it was.</summary>
internal sealed record CovidWave(
    DateOnly EpicentrePeak,
    int HalfWidthDays,
    int NationalCases,
    double FatalityRate,
    double ImportedShare,
    int[] EpicentreProvinces,
    int ExtraDelayDeepSouth = 0);
