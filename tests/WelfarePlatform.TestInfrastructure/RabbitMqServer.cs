using System.Globalization;
using RabbitMQ.Client;

namespace WelfarePlatform.TestInfrastructure;

/// <summary>RabbitMQ 3.10 (no plugins) on 127.0.0.1:<see cref="ServerContainer.Port"/>, user welfare/welfare, vhost "/".</summary>
public sealed class RabbitMqServer : ServerContainer
{
    public const string Username = "welfare";
    public const string Password = "welfare";

    public RabbitMqServer() : this(FreePort.Next(), FreePort.Next(), FreePort.Next())
    {
    }

    // Its own epmd and distribution ports keep it apart from other nodes on the shared host network.
    private RabbitMqServer(int port, int distributionPort, int epmdPort)
        : base("welfare-rabbitmq", port,
            new Dictionary<string, string>
            {
                ["RABBITMQ_NODE_PORT"] = port.ToString(CultureInfo.InvariantCulture),
                ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture),
                ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
                ["RABBITMQ_DEFAULT_USER"] = Username,
                ["RABBITMQ_DEFAULT_PASS"] = Password,
                // rabbitmqctl run through docker exec starts its own Erlang node, which would listen on 0.0.0.0.
                ["RABBITMQ_CTL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
            })
    {
    }

    /// <summary>AMQP URI, e.g. <c>amqp://welfare:welfare@127.0.0.1:21234/</c>.</summary>
    public override string ConnectionString => $"amqp://{Username}:{Password}@127.0.0.1:{Port}/";

    /// <summary>
    /// Creates a virtual host the default user may use, and returns its AMQP URI: test classes that
    /// run side by side each get their own exchanges and queues on one broker.
    /// </summary>
    public async Task<string> CreateVirtualHostAsync(string name, CancellationToken cancellationToken = default)
    {
        // rabbitmqctl must run as the broker's user (its Erlang cookie) and name the node the entrypoint named.
        const string Script =
            "export HOME=/var/lib/rabbitmq RABBITMQ_NODENAME=rabbit-$RABBITMQ_NODE_PORT@localhost; " +
            "ctl() { setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups /usr/lib/rabbitmq/bin/rabbitmqctl -q \"$@\"; }; " +
            "ctl add_vhost \"$0\" && ctl set_permissions -p \"$0\" \"$1\" '.*' '.*' '.*'";
        await ExecAsync(["sh", "-c", Script, name, Username], cancellationToken);
        return $"{ConnectionString}{Uri.EscapeDataString(name)}";
    }

    private protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(ConnectionString),
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
        };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        return connection.IsOpen;
    }
}
