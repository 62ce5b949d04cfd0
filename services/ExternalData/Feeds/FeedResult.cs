namespace WelfarePlatform.ExternalData.Feeds;

/// <summary>
/// What a feed did: rows read, loaded and rejected (with row numbers and reasons), and how many
/// stored values it added or replaced (0 when the same data arrives again), and warnings such as
/// unknown columns (ignored).
/// </summary>
public sealed record FeedResult(
    string Feed,
    int RowsRead,
    int RowsAccepted,
    int RowsRejected,
    int ValuesChanged,
    IReadOnlyDictionary<string, int> RejectsByReason,
    IReadOnlyList<RowReject> Rejects,
    IReadOnlyList<string> Warnings)
{
    public static FeedResult From(string feed, int rowsRead, int rowsAccepted, int valuesChanged, IReadOnlyList<RowReject> rejects, IReadOnlyList<string>? warnings = null) =>
        new(feed, rowsRead, rowsAccepted, rejects.Count, valuesChanged,
            rejects.GroupBy(r => r.Reason).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            rejects, warnings ?? []);
}
