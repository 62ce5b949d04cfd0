using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace WelfarePlatform.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ from <c>ConnectionStrings:messaging</c> (an amqp URI), with the
    /// platform's delivery rules set once: a short in-memory retry for any failure; for a transient
    /// one (<see cref="TransientFailures"/>: a database restarting, a command timing out on an
    /// overloaded server) growing retries for about ten minutes; then the message goes to
    /// <c>&lt;queue&gt;_error</c> (no delayed-message plugin on Debian's RabbitMQ, so retries are
    /// in memory). Also registers the transactional outbox and the inbox.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configureConsumers = null)
    {
        var connectionString = builder.Configuration.GetConnectionString("messaging");
        if (string.IsNullOrWhiteSpace(connectionString) || !Uri.TryCreate(connectionString, UriKind.Absolute, out var brokerUri))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:messaging is not set to an amqp URI. Set the environment variable ConnectionStrings__messaging " +
                "to e.g. amqp://user:password@127.0.0.1:5672/.");
        }

        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit 8.5 reports usage to usage-tracking.masstransit.io by default: nothing about
            // this platform leaves the ministry's network, and the fault suite found it trying.
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            configureConsumers?.Invoke(bus);

            bus.AddConfigureEndpointsCallback((_, queueName, endpoint) =>
            {
                // Transient failures get growing retries for about ten minutes: a fault run lost
                // change sets to `_error` when three retries within 2.6 s met a PostgreSQL restart or
                // a command timeout under load. The inner policy must ignore them: once an inner
                // retry policy gives up, the outer one does not retry (RetryPolicyTests found it).
                // The inbox makes every repeated attempt harmless.
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Handle<Exception>(TransientFailures.IsTransient);
                    retry.Exponential(12, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(2));
                });
                // Any other failure (a bug, a race two replicas can lose once) gets three quick retries.
                endpoint.UseMessageRetry(retry =>
                {
                    retry.Ignore<Exception>(TransientFailures.IsTransient);
                    retry.Intervals(100, 500, 2000);
                });
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    // RabbitMQ 4 quorum queues drop a message after 20 redeliveries unless a
                    // dead-letter exchange is set: point it at MassTransit's error exchange.
                    rabbit.SetQueueArgument("x-dead-letter-exchange", $"{queueName}_error");
                }
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(brokerUri, host =>
                {
                    host.PublisherConfirmation = true;
                    host.Heartbeat(TimeSpan.FromSeconds(10));
                });
                rabbit.ConfigureEndpoints(context);
            });
        });

        // Start the bus before later hosted services (the outbox dispatcher), so nothing is
        // published to an exchange whose queues are not declared yet.
        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromMinutes(2);
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });

        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton<Inbox>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        return builder;
    }
}
