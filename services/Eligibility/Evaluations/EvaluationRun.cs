using WelfarePlatform.Eligibility.Determinations;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>One evaluation under one ruleset: its id, the evaluator (ruleset and date) and when it ran.</summary>
internal sealed record EvaluationRun(Guid EvaluationId, RulesetEvaluator Evaluator, DateTimeOffset EvaluatedAt);
