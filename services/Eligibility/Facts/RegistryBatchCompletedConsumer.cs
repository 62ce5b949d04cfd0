using MassTransit;
using WelfarePlatform.Contracts;
using WelfarePlatform.Eligibility.Evaluations;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.Eligibility.Facts;

/// <summary>
/// Applies a registry batch's change set (registrations or evidence) to eligibility's facts and
/// queues the re-evaluation of the households it touched, once per message, in one transaction;
/// <see cref="EvaluationWorker"/> runs the evaluations.
/// </summary>
public sealed partial class RegistryBatchCompletedConsumer(
    Inbox inbox, PersonFactsStore facts, EvidenceStore evidence, ChangeSetEvaluation evaluation, ILogger<RegistryBatchCompletedConsumer> logger)
    : IConsumer<RegistryBatchCompleted>
{
    public async Task Consume(ConsumeContext<RegistryBatchCompleted> context)
    {
        var completed = context.Message;
        if (completed.Kind is not ("registrations" or "evidence"))
        {
            return; // payments are not facts the criteria read
        }

        var messageId = context.MessageId ?? completed.EventId;
        var timer = new PhaseTimer();
        var applied = await inbox.HandleOnceAsync(
            messageId,
            nameof(RegistryBatchCompletedConsumer),
            async (connection, transaction, cancellationToken) =>
            {
                timer.Mark("inbox");
                await FactsLock.AcquireAsync(connection, transaction, cancellationToken);
                timer.Mark("wait for other writers");
                if (completed.Kind == "registrations")
                {
                    await facts.ApplyChangeSetAsync(completed, connection, transaction, cancellationToken, timer);
                }
                else
                {
                    await evidence.ApplyChangeSetAsync(completed, connection, transaction, cancellationToken, timer);
                }

                await evaluation.QueueTouchedAsync(completed, messageId, connection, transaction, cancellationToken, timer);
            },
            context.CancellationToken);
        if (applied)
        {
            timer.Mark("commit");
            evaluation.Committed();
            LogApplied(logger, completed.Kind, completed.BatchId, timer.Total.TotalSeconds, timer.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Change set of {Kind} batch {BatchId} applied, its evaluations queued, in {Seconds:0.00} s: {Phases}")]
    private static partial void LogApplied(ILogger logger, string kind, Guid batchId, double seconds, string phases);
}
