using WelfarePlatform.Reference;

namespace WelfarePlatform.ExternalData.Timeliness;

/// <summary>
/// What the analysis knows about one province: daily new Covid-19 cases, the days disasters were
/// declared, daily payments (baht), and the people the payments are divided by.
/// </summary>
public sealed record ProvinceTimelinessInput(
    Province Province,
    IReadOnlyDictionary<DateOnly, decimal> NewCases,
    IReadOnlyCollection<DateOnly> DisastersDeclaredOn,
    IReadOnlyDictionary<DateOnly, decimal> Payments,
    long Persons);
