namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// Which datasets a package can be built from and which of their fields the owning service's export
/// releases. The registry's national IDs, names, birth dates and household ids never leave
/// registration-ingest, so a request that names them cannot be packaged whatever its class allows.
/// </summary>
public static class PackageSources
{
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> ExportedFields = new Dictionary<string, IReadOnlySet<string>>
    {
        ["dashboard.targeted"] = new HashSet<string>
        {
            "province_code", "ruleset", "registrants", "holders", "eligible", "ineligible", "ineligible_by_criterion", "inclusion_errors", "exclusion_errors",
        },
        ["eligibility.determinations"] = new HashSet<string> { "pid", "ruleset", "province_code", "outcome", "failed_criteria", "evaluated_at" },
        ["registry.applicants"] = new HashSet<string>
        {
            "pid", "province_code", "birth_year", "relationship", "household_pid", "household_size", "declared_income", "card_holder",
        },
    };

    /// <summary>Fields holding a pid: re-keyed per package.</summary>
    public static readonly IReadOnlySet<string> PidFields = new HashSet<string> { "pid", "household_pid" };

    /// <summary>Why the datasets and fields cannot be packaged; empty when they can.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<(string DatasetId, IReadOnlyList<string> Fields)> datasets)
    {
        var problems = new List<string>();
        foreach (var (datasetId, fields) in datasets)
        {
            if (!ExportedFields.TryGetValue(datasetId, out var exported))
            {
                problems.Add($"{datasetId} has no export yet (packages are built from {string.Join(", ", ExportedFields.Keys)})");
                continue;
            }

            var withheld = fields.Where(f => !exported.Contains(f)).ToList();
            if (withheld.Count > 0)
            {
                problems.Add($"{datasetId}'s export never releases {string.Join(", ", withheld)} (it releases {string.Join(", ", exported)})");
            }
        }

        return problems;
    }
}
