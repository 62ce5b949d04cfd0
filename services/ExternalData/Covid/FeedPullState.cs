namespace WelfarePlatform.ExternalData.Covid;

/// <summary>Where a scheduled feed pull stands: what an operator asks when the data looks stale.</summary>
public sealed record FeedPullState(
    string Feed,
    string Url,
    string? ETag,
    string? LastModified,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastChangedAt,
    string? LastStatus,
    string? LastError,
    int Failures,
    DateTimeOffset NextAttemptAt);
