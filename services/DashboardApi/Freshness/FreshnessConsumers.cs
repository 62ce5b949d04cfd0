using MassTransit;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.DashboardApi.Freshness;

/// <summary>A registry batch (registrations, evidence, payments) from a source: its as-of date and cadence.</summary>
public sealed class RegistryBatchFreshnessConsumer(Inbox inbox) : IConsumer<RegistryBatchCompleted>
{
    public Task Consume(ConsumeContext<RegistryBatchCompleted> context)
    {
        var batch = context.Message;
        return inbox.HandleOnceAsync(
            context.MessageId ?? batch.EventId,
            nameof(RegistryBatchFreshnessConsumer),
            (connection, transaction, cancellationToken) => FreshnessReadModel.RecordAsync(
                new SourceDelivery(batch.Source, batch.Kind, batch.AsOf, batch.SourceCadenceDays, batch.CompletedAt), connection, transaction, cancellationToken),
            context.CancellationToken);
    }
}

/// <summary>A feed external-data received (covid-cases, disasters): its as-of date.</summary>
public sealed class SeriesFreshnessConsumer(Inbox inbox) : IConsumer<ProvinceSeriesChanged>
{
    public Task Consume(ConsumeContext<ProvinceSeriesChanged> context)
    {
        var changed = context.Message;
        if (FreshnessRule.FeedOf(changed.Source) is not { } feed)
        {
            return Task.CompletedTask;
        }

        return inbox.HandleOnceAsync(
            context.MessageId ?? changed.EventId,
            nameof(SeriesFreshnessConsumer),
            (connection, transaction, cancellationToken) => FreshnessReadModel.RecordAsync(
                new SourceDelivery(feed, feed, changed.AsOf, null, changed.ChangedAt), connection, transaction, cancellationToken),
            context.CancellationToken);
    }
}
