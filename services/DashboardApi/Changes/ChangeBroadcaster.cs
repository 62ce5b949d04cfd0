using System.Collections.Concurrent;
using System.Threading.Channels;

namespace WelfarePlatform.DashboardApi.Changes;

/// <summary>
/// Hands every committed read-model change (heard by <see cref="ReadModelChangeListener"/>) to this
/// replica's stream subscribers and caches. Each subscriber has a bounded queue that drops its oldest
/// message when full, so a slow client can never hold up the others or grow memory without bound
/// (a dropped <c>changed</c> message is harmless: the next one carries a newer version).
/// </summary>
public sealed class ChangeBroadcaster
{
    public const int QueueCapacity = 64;

    private readonly ConcurrentDictionary<Guid, Channel<ReadModelChange>> subscribers = new();
    private readonly List<Action<ReadModelChange?>> listeners = [];

    /// <summary>Called on every change, and with null when changes may have been missed (the listener reconnected).</summary>
    public void OnChange(Action<ReadModelChange?> listener)
    {
        lock (listeners)
        {
            listeners.Add(listener);
        }
    }

    public int SubscriberCount => subscribers.Count;

    public Subscription Subscribe()
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<ReadModelChange>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        subscribers[id] = channel;
        return new Subscription(channel.Reader, () => subscribers.TryRemove(id, out _));
    }

    public void Publish(ReadModelChange? change)
    {
        Action<ReadModelChange?>[] current;
        lock (listeners)
        {
            current = [.. listeners];
        }

        foreach (var listener in current)
        {
            listener(change);
        }

        if (change is null)
        {
            return;
        }

        foreach (var channel in subscribers.Values)
        {
            channel.Writer.TryWrite(change);
        }
    }

    /// <summary>One subscriber's queue; dispose to leave.</summary>
    public sealed class Subscription(ChannelReader<ReadModelChange> reader, Action leave) : IDisposable
    {
        public ChannelReader<ReadModelChange> Reader { get; } = reader;

        public void Dispose() => leave();
    }
}
