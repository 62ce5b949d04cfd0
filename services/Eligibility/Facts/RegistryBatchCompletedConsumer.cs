using MassTransit;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.Eligibility.Facts;

/// <summary>Applies a registry batch's change set to eligibility's facts, once per message.</summary>
public sealed class RegistryBatchCompletedConsumer(Inbox inbox, PersonFactsStore facts) : IConsumer<RegistryBatchCompleted>
{
    public async Task Consume(ConsumeContext<RegistryBatchCompleted> context)
    {
        var completed = context.Message;
        if (completed.Kind != "registrations")
        {
            return;
        }

        await inbox.HandleOnceAsync(
            context.MessageId ?? completed.EventId,
            nameof(RegistryBatchCompletedConsumer),
            (connection, transaction, cancellationToken) => facts.ApplyChangeSetAsync(completed, connection, transaction, cancellationToken),
            context.CancellationToken);
    }
}
