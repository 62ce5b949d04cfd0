using WelfarePlatform.Contracts;

namespace WelfarePlatform.DashboardApi.Targeted;

/// <summary>Turns the read models' raw counts into the published, suppressed summary.</summary>
public static class TargetedSummaryBuilder
{
    /// <summary>Before eligibility has published determinations: registrants and holders, everyone unknown.</summary>
    public static TargetedSummary Build(string ruleset, DateOnly? asOf, IReadOnlyList<ProvinceRegistrants> provinces, int k) =>
        Build(ruleset, asOf, [.. provinces.Select(p => new ProvinceDeterminations
        {
            ProvinceCode = p.ProvinceCode,
            Registrants = p.Registrants,
            Holders = p.CardHolders,
            Eligible = 0,
            Ineligible = 0,
            Unknown = p.Registrants,
            IneligibleByCriterion = new Dictionary<string, int>(),
            InclusionErrors = 0,
            ExclusionErrors = 0,
        })], k);

    public static TargetedSummary Build(string ruleset, DateOnly? asOf, IReadOnlyList<ProvinceDeterminations> provinces, int k)
    {
        var national = Counts(new TargetedCounts(), Sum(provinces), k);
        var byProvince = provinces.Select(p => Counts(new ProvinceTargetedCounts { Code = p.ProvinceCode }, p, k)).ToList();
        return new TargetedSummary(ruleset, asOf, k, national, byProvince);
    }

    private static ProvinceDeterminations Sum(IReadOnlyList<ProvinceDeterminations> provinces) => new()
    {
        ProvinceCode = "",
        Registrants = provinces.Sum(p => p.Registrants),
        Holders = provinces.Sum(p => p.Holders),
        Eligible = provinces.Sum(p => p.Eligible),
        Ineligible = provinces.Sum(p => p.Ineligible),
        Unknown = provinces.Sum(p => p.Unknown),
        IneligibleByCriterion = provinces.SelectMany(p => p.IneligibleByCriterion)
            .GroupBy(criterion => criterion.Key)
            .ToDictionary(g => g.Key, g => g.Sum(criterion => criterion.Value)),
        InclusionErrors = provinces.Sum(p => p.InclusionErrors),
        ExclusionErrors = provinces.Sum(p => p.ExclusionErrors),
    };

    private static T Counts<T>(T area, ProvinceDeterminations counts, int k) where T : TargetedCounts
    {
        var suppressed = new List<string>();
        int? Publish(int count, string name) => SmallCellSuppression.Publish(count, k, name, suppressed);
        return (T)(area with
        {
            Registrants = Publish(counts.Registrants, "registrants"),
            Holders = Publish(counts.Holders, "holders"),
            Eligible = Publish(counts.Eligible, "eligible"),
            Ineligible = Publish(counts.Ineligible, "ineligible"),
            Unknown = Publish(counts.Unknown, "unknown"),
            IneligibleByCriterion = counts.IneligibleByCriterion
                .OrderBy(criterion => criterion.Key, StringComparer.Ordinal)
                .ToDictionary(criterion => criterion.Key, criterion => Publish(criterion.Value, $"ineligibleByCriterion.{criterion.Key}")),
            InclusionErrors = Publish(counts.InclusionErrors, "inclusionErrors"),
            ExclusionErrors = Publish(counts.ExclusionErrors, "exclusionErrors"),
            Suppressed = suppressed,
        });
    }
}
