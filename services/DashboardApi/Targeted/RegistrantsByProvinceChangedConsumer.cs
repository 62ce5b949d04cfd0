using MassTransit;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.DashboardApi.Targeted;

/// <summary>Replaces the registrants read model with eligibility's newest snapshot, once per message.</summary>
public sealed class RegistrantsByProvinceChangedConsumer(Inbox inbox, TargetedReadModel readModel) : IConsumer<RegistrantsByProvinceChanged>
{
    public Task Consume(ConsumeContext<RegistrantsByProvinceChanged> context) =>
        inbox.HandleOnceAsync(
            context.MessageId ?? context.Message.EventId,
            nameof(RegistrantsByProvinceChangedConsumer),
            (connection, transaction, cancellationToken) => readModel.ReplaceAsync(context.Message, connection, transaction, cancellationToken),
            context.CancellationToken);
}
