namespace WelfarePlatform.Eligibility.Simulations;

/// <summary>A what-if: a ruleset, parameter overrides (a null value ends the parameter) and the date parameters are taken at.</summary>
/// <param name="Ruleset">e.g. <c>round-2022</c>.</param>
/// <param name="Date">yyyy-mm-dd; default today (or <c>Eligibility:EvaluationDate</c>).</param>
/// <param name="Overrides">Parameter name → value, e.g. <c>{ "max_income": 120000 }</c>.</param>
public sealed record SimulationRequest(string? Ruleset, DateOnly? Date, Dictionary<string, decimal?>? Overrides);

/// <summary>The what-if's answer for the whole population, nationally and per province.</summary>
public sealed record SimulationResult(
    string Ruleset,
    int RulesetVersion,
    DateOnly Date,
    IReadOnlyDictionary<string, decimal?> Overrides,
    SimulationCounts National,
    IReadOnlyList<SimulationCounts> Provinces,
    long ElapsedMilliseconds);

/// <summary>
/// How outcomes move against the stored determinations: people who become eligible or ineligible,
/// eligible before and after, the monthly benefit cost before and after (baht), and per criterion
/// how many newly fail it or newly stop failing it. Unsuppressed counts (steward role).
/// </summary>
public sealed record SimulationCounts(
    string? Code,
    int Population,
    int EligibleBefore,
    int EligibleAfter,
    int BecomeEligible,
    int BecomeIneligible,
    decimal MonthlyCostBefore,
    decimal MonthlyCostAfter,
    decimal MonthlyCostChange,
    IReadOnlyDictionary<string, CriterionShift> ByCriterion);

/// <summary>People who newly fail a criterion, and people who failed it and no longer do.</summary>
public sealed record CriterionShift(int NewlyFailing, int NoLongerFailing);
