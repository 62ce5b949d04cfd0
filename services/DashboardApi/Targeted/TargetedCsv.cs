using WelfarePlatform.DashboardApi.Formats;

namespace WelfarePlatform.DashboardApi.Targeted;

/// <summary>The summary as CSV: a national row, then one row per province; withheld counts empty.</summary>
public static class TargetedCsv
{
    public static string Write(TargetedSummary summary)
    {
        var criteria = summary.National.IneligibleByCriterion.Keys.Order(StringComparer.Ordinal).ToArray();
        var csv = new CsvWriter().Row([
            "ruleset", "asOf", "area", "code", "registrants", "holders", "eligible", "ineligible", "unknown",
            .. criteria.Select(c => $"ineligibleByCriterion.{c}"), "inclusionErrors", "exclusionErrors", "staleEvidenceShare", "suppressed"]);
        void Row(string area, string code, TargetedCounts counts) => csv.Row([
            summary.Ruleset, summary.AsOf, area, code, counts.Registrants, counts.Holders, counts.Eligible, counts.Ineligible, counts.Unknown,
            .. criteria.Select(c => (object?)counts.IneligibleByCriterion.GetValueOrDefault(c)),
            counts.InclusionErrors, counts.ExclusionErrors, counts.StaleEvidenceShare, string.Join(';', counts.Suppressed)]);

        Row("national", "", summary.National);
        foreach (var province in summary.Provinces)
        {
            Row("province", province.Code, province);
        }

        return csv.ToString();
    }
}
