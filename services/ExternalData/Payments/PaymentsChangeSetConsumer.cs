using MassTransit;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.ExternalData.Payments;

/// <summary>
/// Applies a <c>payments</c> batch from registration-ingest to the payments series, once per message
/// (the inbox): the change set holds deltas, so applying one twice would double the money.
/// Named apart from eligibility's consumer so each service gets its own queue.
/// </summary>
public sealed class PaymentsChangeSetConsumer(Inbox inbox, PaymentsChangeSet changeSet) : IConsumer<RegistryBatchCompleted>
{
    public async Task Consume(ConsumeContext<RegistryBatchCompleted> context)
    {
        var completed = context.Message;
        if (completed.Kind != "payments")
        {
            return;
        }

        await inbox.HandleOnceAsync(
            context.MessageId ?? completed.EventId,
            nameof(PaymentsChangeSetConsumer),
            (connection, transaction, cancellationToken) => changeSet.ApplyAsync(completed, connection, transaction, cancellationToken),
            context.CancellationToken);
    }
}
