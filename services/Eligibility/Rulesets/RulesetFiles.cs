using System.Text.Json;

namespace WelfarePlatform.Eligibility.Rulesets;

/// <summary>
/// The rulesets shipped in the repository (<c>Rulesets/*.json</c>, embedded in the assembly), read
/// and checked: a file naming an unknown fact or parameter stops the service at start with the
/// file and criterion to fix, rather than deciding people on a typo.
/// </summary>
public static class RulesetFiles
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>Facts a criterion may read: the registration's own and the evidence types of FORMATS.md.</summary>
    public static readonly IReadOnlySet<string> KnownFacts = new HashSet<string>(StringComparer.Ordinal)
    {
        "nationality", "birth_date", "declared_income",
        "annual_income", "financial_assets", "home_loan", "car_loan", "land_residential_sqwa",
        "land_agricultural_rai", "condo_sqm", "credit_card", "state_employee", "deceased",
    };

    public static IReadOnlyList<Ruleset> LoadEmbedded()
    {
        var assembly = typeof(RulesetFiles).Assembly;
        var rulesets = new List<Ruleset>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.Contains(".Rulesets.", StringComparison.Ordinal) && r.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            rulesets.Add(Parse(stream, resource));
        }

        return rulesets;
    }

    public static Ruleset Parse(Stream json, string name)
    {
        Ruleset? ruleset;
        try
        {
            ruleset = JsonSerializer.Deserialize<Ruleset>(json, Json);
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"Ruleset file {name} is not a valid ruleset: {exception.Message}", exception);
        }

        if (ruleset is null)
        {
            throw new InvalidOperationException($"Ruleset file {name} is empty.");
        }

        var problems = Validate(ruleset).ToList();
        return problems.Count == 0 ? ruleset : throw new InvalidOperationException($"Ruleset file {name}: {string.Join("; ", problems)}");
    }

    public static IEnumerable<string> Validate(Ruleset ruleset)
    {
        if (!ruleset.Parameters.ContainsKey(Ruleset.FreshnessParameter))
        {
            yield return $"parameter {Ruleset.FreshnessParameter} (the evidence freshness limit in days) is missing";
        }

        // What-ifs keep each person's verdicts in one bigint and the compared values in 16 columns (Simulations/CompactDetermination.cs).
        if (ruleset.Criteria.Count > Simulations.CompactDetermination.MaxCriteria)
        {
            yield return $"{ruleset.Criteria.Count} criteria; at most {Simulations.CompactDetermination.MaxCriteria} are supported";
        }

        if (Simulations.CompactDetermination.Slots(ruleset).Count > Simulations.CompactDetermination.MaxCompared)
        {
            yield return $"{Simulations.CompactDetermination.Slots(ruleset).Count} criteria compare with a limit (atMost, below, minAge); at most {Simulations.CompactDetermination.MaxCompared} are supported";
        }

        foreach (var duplicate in ruleset.Criteria.GroupBy(c => c.Id).Where(g => g.Count() > 1))
        {
            yield return $"criterion {duplicate.Key} appears more than once";
        }

        foreach (var criterion in ruleset.Criteria)
        {
            if (criterion.Facts.Count == 0)
            {
                yield return $"criterion {criterion.Id} names no fact";
            }

            foreach (var fact in criterion.Facts.Where(f => !KnownFacts.Contains(f)))
            {
                yield return $"criterion {criterion.Id} reads unknown fact '{fact}' (known: {string.Join(", ", KnownFacts)})";
            }

            var needsParameter = criterion.Comparison is not Comparison.EqualTo;
            if (needsParameter && (criterion.Parameter is null || !ruleset.Parameters.ContainsKey(criterion.Parameter)))
            {
                yield return $"criterion {criterion.Id} compares with parameter '{criterion.Parameter}', which the ruleset does not define";
            }

            if (!needsParameter && criterion.Expected is null && criterion.ExpectedText is null)
            {
                yield return $"criterion {criterion.Id} compares with 'equals' but gives neither expected nor expectedText";
            }
        }
    }
}
