using WelfarePlatform.Contracts;
using WelfarePlatform.DashboardApi.Suppression;

namespace WelfarePlatform.DashboardApi.Targeted;

/// <summary>Turns the read models' raw counts into the published, suppressed summary.</summary>
public static class TargetedSummaryBuilder
{
    private const string StaleEvidence = "staleEvidenceShare";

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

    /// <summary>
    /// National figures are the provinces' sums. Every count goes through <see cref="SuppressionTable"/>
    /// with the relations a reader could use: national = Σ provinces for each count, and
    /// registrants = eligible + ineligible + unknown in each area. The stale-evidence share is published
    /// from a count (people decided on stale evidence) suppressed like the others, because the share
    /// times the shown registrants gives the count back.
    /// </summary>
    public static TargetedSummary Build(string ruleset, DateOnly? asOf, IReadOnlyList<ProvinceDeterminations> provinces, int k)
    {
        var criteria = provinces.SelectMany(p => p.IneligibleByCriterion.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        // A share only when every province has the count: a national sum over some provinces would mislead.
        var hasStale = provinces.Count > 0 && provinces.All(p => p.StaleEvidence is not null);
        string[] fields =
        [
            "registrants", "holders", "eligible", "ineligible", "unknown",
            .. criteria.Select(c => $"ineligibleByCriterion.{c}"),
            "inclusionErrors", "exclusionErrors",
            .. hasStale ? [StaleEvidence] : Array.Empty<string>(),
        ];

        int[] Raw(ProvinceDeterminations p) =>
        [
            p.Registrants, p.Holders, p.Eligible, p.Ineligible, p.Unknown,
            .. criteria.Select(c => p.IneligibleByCriterion.GetValueOrDefault(c)),
            p.InclusionErrors, p.ExclusionErrors,
            .. hasStale ? [p.StaleEvidence!.Value] : Array.Empty<int>(),
        ];

        var provinceRaw = provinces.Select(Raw).ToArray();
        var nationalRaw = Enumerable.Range(0, fields.Length).Select(f => provinceRaw.Sum(p => p[f])).ToArray();

        // Cell index = area * fields + field; area 0 is national.
        var table = new SuppressionTable();
        foreach (var area in (int[][])[nationalRaw, .. provinceRaw])
        {
            foreach (var value in area)
            {
                table.Add(value);
            }
        }

        int Cell(int area, int field) => (area * fields.Length) + field;
        for (var f = 0; f < fields.Length; f++)
        {
            table.Relate(Cell(0, f), [.. Enumerable.Range(1, provinces.Count).Select(area => Cell(area, f))]);
        }

        for (var area = 0; area <= provinces.Count; area++)
        {
            table.Relate(Cell(area, 0), [Cell(area, 2), Cell(area, 3), Cell(area, 4)]);
        }

        var withheld = table.Suppress(k);
        T Counts<T>(T shape, int area, int[] raw) where T : TargetedCounts
        {
            int? Value(int field) => withheld.Contains(Cell(area, field)) ? null : raw[field];
            var criterionCounts = new Dictionary<string, int?>();
            for (var c = 0; c < criteria.Length; c++)
            {
                criterionCounts[criteria[c]] = Value(5 + c);
            }

            var stale = hasStale ? Value(fields.Length - 1) : null;
            return (T)(shape with
            {
                Registrants = Value(0),
                Holders = Value(1),
                Eligible = Value(2),
                Ineligible = Value(3),
                Unknown = Value(4),
                IneligibleByCriterion = criterionCounts,
                InclusionErrors = Value(5 + criteria.Length),
                ExclusionErrors = Value(6 + criteria.Length),
                StaleEvidenceShare = stale is { } count && raw[0] > 0 ? Math.Round((decimal)count / raw[0], 4) : null,
                Suppressed = [.. Enumerable.Range(0, fields.Length).Where(f => withheld.Contains(Cell(area, f))).Select(f => fields[f])],
            });
        }

        var national = Counts(new TargetedCounts(), 0, nationalRaw);
        var byProvince = provinces.Select((p, i) => Counts(new ProvinceTargetedCounts { Code = p.ProvinceCode }, i + 1, provinceRaw[i])).ToList();
        return new TargetedSummary(ruleset, asOf, k, national, byProvince);
    }
}
