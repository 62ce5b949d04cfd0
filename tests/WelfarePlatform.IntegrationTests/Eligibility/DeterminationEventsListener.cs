using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace WelfarePlatform.IntegrationTests.Eligibility;

/// <summary>
/// Listens on the broker, as a dashboard would, for eligibility's DeterminationsChanged events: a
/// queue of its own bound to the event's exchange, read straight from RabbitMQ.
/// </summary>
internal sealed class DeterminationEventsListener : IAsyncDisposable
{
    private const string Exchange = "WelfarePlatform.Contracts:DeterminationsChanged";
    private readonly IConnection connection;
    private readonly IChannel channel;
    private readonly string queue;
    private readonly List<JsonObject> received = [];

    private DeterminationEventsListener(IConnection connection, IChannel channel, string queue)
    {
        this.connection = connection;
        this.channel = channel;
        this.queue = queue;
    }

    public static async Task<DeterminationEventsListener> StartAsync(string amqpUri)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        // The same declaration MassTransit makes for a published message type.
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var queue = await channel.QueueDeclareAsync(queue: "", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, Exchange, "");
        return new DeterminationEventsListener(connection, channel, queue.QueueName);
    }

    /// <summary>Waits for an event (the <c>message</c> of MassTransit's envelope) that <paramref name="match"/> accepts.</summary>
    public Task<JsonObject> WaitForAsync(Func<JsonObject, bool> match, string waitingFor) =>
        TestPlatform.EventuallyAsync(async () =>
        {
            while (await channel.BasicGetAsync(queue, autoAck: true) is { } delivery)
            {
                var envelope = JsonNode.Parse(Encoding.UTF8.GetString(delivery.Body.Span))!.AsObject();
                received.Add(envelope["message"]!.AsObject());
            }

            return received.FirstOrDefault(match);
        }, TimeSpan.FromSeconds(90), waitingFor);

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
