namespace WelfarePlatform.ExternalData.Timeliness;

/// <summary>The timeliness analysis: per province, national counts and the ranking.</summary>
public sealed record TimelinessReport(
    TimelinessParameters Parameters,
    string PersonsBasis,
    TimelinessNational National,
    IReadOnlyList<ProvinceTimeliness> Provinces);

/// <summary>National counts of the analysis.</summary>
public sealed record TimelinessNational(int ProvincesInCrisis, int Responded, int NoUpliftYet, int NoCrisis, decimal? MedianLagDays);

/// <summary>
/// One province. <see cref="Status"/>: <c>responded</c> (an uplift followed onset; <see cref="LagDays"/>
/// is its lag), <c>no-uplift-yet</c> (in crisis, no uplift within the maximum lag or by the as-of date),
/// <c>no-crisis</c> (no onset in the window). <see cref="Rank"/>: 1 is the fastest response; provinces
/// without an uplift rank after all that responded, the longest waiting last; no rank without a crisis.
/// </summary>
public sealed record ProvinceTimeliness(
    string Code,
    string NameEn,
    string NameTh,
    string Status,
    DateOnly? Onset,
    string? OnsetCause,
    decimal? CasesPer100kAtOnset,
    decimal? BaselinePerPerson,
    DateOnly? UpliftOn,
    decimal? UpliftPerPerson,
    int? LagDays,
    int? DaysSinceOnset,
    int? Rank,
    long Persons);
