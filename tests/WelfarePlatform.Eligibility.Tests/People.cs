using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Tests;

/// <summary>People and rulesets for the evaluator's tests.</summary>
internal static class People
{
    public static readonly DateOnly EvaluatedOn = new(2022, 12, 1);
    public static readonly DateOnly EvidenceAsOf = new(2022, 8, 31);

    public static Ruleset Round(string id) => RulesetFiles.LoadEmbedded().Single(r => r.Id == id);

    /// <summary>An adult Thai registrant with fresh evidence that passes every round-2022 criterion.</summary>
    public static PersonFacts Eligible2022(string pid = "p1", string hid = "h1", decimal income = 60_000, bool cardHolder = true) => new()
    {
        Pid = pid,
        Hid = hid,
        ProvinceCode = "10",
        CardHolder = cardHolder,
        BirthDate = new DateOnly(1970, 1, 1),
        Nationality = "TH",
        DeclaredIncome = 50_000,
        RegistrationAsOf = new DateOnly(2022, 9, 30),
        RegistrationSource = "bank",
        Evidence = new Dictionary<string, EvidenceFact>
        {
            ["annual_income"] = new(income, EvidenceAsOf, "revenue"),
            ["financial_assets"] = new(10_000, EvidenceAsOf, "banks"),
            ["state_employee"] = new(0, EvidenceAsOf, "comptroller"),
        },
    };

    public static PersonFacts WithEvidence(this PersonFacts person, string type, decimal value, DateOnly? asOf = null, string source = "agency") =>
        person with { Evidence = new Dictionary<string, EvidenceFact>(person.Evidence) { [type] = new(value, asOf ?? EvidenceAsOf, source) } };

    public static PersonFacts WithoutEvidence(this PersonFacts person, string type) =>
        person with { Evidence = person.Evidence.Where(e => e.Key != type).ToDictionary() };

    public static Determination Evaluate(this Ruleset ruleset, PersonFacts person, DateOnly? on = null) =>
        new RulesetEvaluator(ruleset, on ?? EvaluatedOn).Evaluate(person, [person]);

    public static CriterionResult Criterion(this Determination determination, string id) => determination.Criteria.Single(c => c.Id == id);
}
