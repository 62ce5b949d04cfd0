using MassTransit;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.DashboardApi.Targeted;

/// <summary>Replaces a ruleset's determinations read model with eligibility's newest snapshot, once per message.</summary>
public sealed class DeterminationsChangedConsumer(Inbox inbox, TargetedReadModel readModel) : IConsumer<DeterminationsChanged>
{
    public Task Consume(ConsumeContext<DeterminationsChanged> context) =>
        inbox.HandleOnceAsync(
            context.MessageId ?? context.Message.EventId,
            nameof(DeterminationsChangedConsumer),
            (connection, transaction, cancellationToken) => readModel.ReplaceDeterminationsAsync(context.Message, connection, transaction, cancellationToken),
            context.CancellationToken);
}
