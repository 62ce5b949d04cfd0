using System.Collections.Concurrent;
using WelfarePlatform.DashboardApi.Changes;
using WelfarePlatform.DashboardApi.Formats;

namespace WelfarePlatform.DashboardApi.Targeted;

/// <summary>
/// The serialized summary per (ruleset, asOf, format), dropped whenever the Targeted read model changes
/// on any replica (PostgreSQL NOTIFY via <see cref="ChangeBroadcaster"/>) or changes may have been missed.
/// Nothing is cached until this replica is listening, and an answer computed while a change arrived
/// is not kept, so the cache never serves figures older than the last committed change it heard of.
/// Configuration Dashboard:CacheSummary (default true) turns it off, for the benchmark's baseline.
/// </summary>
public sealed class SummaryCache
{
    private const int MaxEntries = 256;

    private readonly ConcurrentDictionary<(string Ruleset, string? AsOf, ResponseFormat Format), byte[]> entries = new();
    private readonly ReadModelChangeListener listener;
    private readonly bool enabled;
    private readonly Lock gate = new();
    private long generation;

    public SummaryCache(ChangeBroadcaster broadcaster, ReadModelChangeListener listener, IConfiguration configuration)
    {
        this.listener = listener;
        enabled = configuration.GetValue("Dashboard:CacheSummary", true);
        broadcaster.OnChange(change =>
        {
            if (change is null || change.ReadModel == ReadModelChanges.Targeted)
            {
                lock (gate)
                {
                    generation++;
                    entries.Clear();
                }
            }
        });
    }

    /// <summary>Read before computing an answer; pass to <see cref="Keep"/>.</summary>
    public long Generation
    {
        get
        {
            lock (gate)
            {
                return generation;
            }
        }
    }

    public bool TryGet(string ruleset, string? asOf, ResponseFormat format, out byte[] body)
    {
        body = [];
        return enabled && entries.TryGetValue((ruleset, asOf, format), out body!);
    }

    public void Keep(string ruleset, string? asOf, ResponseFormat format, byte[] body, long generationAtRead)
    {
        if (!enabled || !listener.Listening.IsCompleted)
        {
            return;
        }

        lock (gate)
        {
            if (generation != generationAtRead)
            {
                return;
            }

            // asOf is the caller's: bound what arbitrary dates can make us hold.
            if (entries.Count >= MaxEntries)
            {
                entries.Clear();
            }

            entries[(ruleset, asOf, format)] = body;
        }
    }
}
