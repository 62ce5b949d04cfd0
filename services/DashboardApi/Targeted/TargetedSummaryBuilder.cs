using WelfarePlatform.Contracts;

namespace WelfarePlatform.DashboardApi.Targeted;

/// <summary>Turns the read model's raw counts into the published, suppressed summary.</summary>
public static class TargetedSummaryBuilder
{
    public static TargetedSummary Build(string ruleset, DateOnly? asOf, IReadOnlyList<ProvinceRegistrants> provinces, int k)
    {
        var national = Counts(new TargetedCounts(), provinces.Sum(p => p.Registrants), provinces.Sum(p => p.CardHolders), k);
        var byProvince = provinces
            .Select(p => Counts(new ProvinceTargetedCounts { Code = p.ProvinceCode }, p.Registrants, p.CardHolders, k))
            .ToList();
        return new TargetedSummary(ruleset, asOf, k, national, byProvince);
    }

    private static T Counts<T>(T area, int registrants, int holders, int k) where T : TargetedCounts
    {
        var suppressed = new List<string>();
        return (T)(area with
        {
            Registrants = SmallCellSuppression.Publish(registrants, k, "registrants", suppressed),
            Holders = SmallCellSuppression.Publish(holders, k, "holders", suppressed),
            Eligible = 0,
            Ineligible = 0,
            Unknown = SmallCellSuppression.Publish(registrants, k, "unknown", suppressed),
            InclusionErrors = 0,
            ExclusionErrors = 0,
            Suppressed = suppressed,
        });
    }
}
