using MassTransit;
using WelfarePlatform.Contracts;
using WelfarePlatform.Eligibility.Evaluations;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.Eligibility.Facts;

/// <summary>
/// Applies a registry batch's change set (registrations or evidence) to eligibility's facts and
/// re-evaluates the households it touched, once per message, in one transaction.
/// </summary>
public sealed class RegistryBatchCompletedConsumer(Inbox inbox, PersonFactsStore facts, EvidenceStore evidence, ChangeSetEvaluation evaluation)
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
        await inbox.HandleOnceAsync(
            messageId,
            nameof(RegistryBatchCompletedConsumer),
            async (connection, transaction, cancellationToken) =>
            {
                if (completed.Kind == "registrations")
                {
                    await facts.ApplyChangeSetAsync(completed, connection, transaction, cancellationToken);
                }
                else
                {
                    await evidence.ApplyChangeSetAsync(completed, connection, transaction, cancellationToken);
                }

                await evaluation.EvaluateTouchedAsync(completed, messageId, connection, transaction, cancellationToken);
            },
            context.CancellationToken);
    }
}
