using WelfarePlatform.Eligibility.Determinations;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>One evaluation under one ruleset: its id, the evaluator (ruleset and date) and when it ran.</summary>
internal sealed record EvaluationRun(Guid EvaluationId, RulesetEvaluator Evaluator, DateTimeOffset EvaluatedAt)
{
    /// <summary>The ruleset compiled for the evaluation date; its parameters come after <see cref="ChunkEvaluation"/>'s five.</summary>
    public CompiledRuleset Compiled { get; } = new(Evaluator.Ruleset, Evaluator.EvaluationDate, firstParameter: 6);
}
