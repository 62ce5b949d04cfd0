using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace WelfarePlatform.TestInfrastructure.Tests;

public sealed class RabbitMqTests(InfrastructureFixture infrastructure)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_published_message_is_consumed()
    {
        await using var connection = await Connect(infrastructure.RabbitMq.ConnectionString);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: _ct);
        var queue = (await channel.QueueDeclareAsync(cancellationToken: _ct)).QueueName;
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            received.TrySetResult(Encoding.UTF8.GetString(delivery.Body.Span));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer, _ct);

        await channel.BasicPublishAsync("", queue, Encoding.UTF8.GetBytes("hello"), _ct);

        (await received.Task.WaitAsync(TimeSpan.FromSeconds(10), _ct)).ShouldBe("hello");
    }

    [Fact]
    public async Task A_new_virtual_host_takes_connections_for_the_default_user()
    {
        var uri = await infrastructure.RabbitMq.CreateVirtualHostAsync("smoke-vhost", _ct);

        uri.ShouldBe($"{infrastructure.RabbitMq.ConnectionString}smoke-vhost");
        await using var connection = await Connect(uri);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: _ct);
        (await channel.QueueDeclareAsync("only-here", cancellationToken: _ct)).QueueName.ShouldBe("only-here");
    }

    [Fact]
    public async Task A_stopped_and_started_broker_takes_connections_on_the_same_address_and_keeps_durable_messages()
    {
        // Its own broker: stopping the shared one would break tests running in parallel.
        await using var broker = new RabbitMqServer();
        await broker.StartAsync(_ct);
        var connectionString = broker.ConnectionString;
        await using (var connection = await Connect(connectionString))
        await using (var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            _ct))
        {
            await channel.QueueDeclareAsync("durable-smoke", durable: true, exclusive: false, autoDelete: false,
                cancellationToken: _ct);
            await channel.BasicPublishAsync("", "durable-smoke", mandatory: true,
                new BasicProperties { DeliveryMode = DeliveryModes.Persistent }, Encoding.UTF8.GetBytes("kept"), _ct);
        }

        await broker.StopAsync(_ct);
        await Should.ThrowAsync<Exception>(() => Connect(connectionString));
        await broker.StartAsync(_ct);

        broker.ConnectionString.ShouldBe(connectionString);
        await using var again = await Connect(connectionString);
        await using var readChannel = await again.CreateChannelAsync(cancellationToken: _ct);
        var message = await readChannel.BasicGetAsync("durable-smoke", autoAck: true, _ct);
        message.ShouldNotBeNull();
        Encoding.UTF8.GetString(message.Body.Span).ShouldBe("kept");
    }

    private static Task<IConnection> Connect(string uri) =>
        new ConnectionFactory { Uri = new Uri(uri), RequestedConnectionTimeout = TimeSpan.FromSeconds(5) }
            .CreateConnectionAsync();
}
