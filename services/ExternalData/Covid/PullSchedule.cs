namespace WelfarePlatform.ExternalData.Covid;

/// <summary>
/// When to pull next: after a good answer (new data or 304) the interval; after the n-th failure in
/// a row, the initial backoff doubled n − 1 times, never more than the maximum backoff.
/// </summary>
public static class PullSchedule
{
    public static TimeSpan NextDelay(int failuresInARow, CovidFeedOptions options)
    {
        if (failuresInARow <= 0)
        {
            return options.Interval;
        }

        // 2^30 already exceeds any sensible maximum; capping the exponent avoids overflow.
        var factor = Math.Pow(2, Math.Min(failuresInARow - 1, 30));
        var backoff = options.InitialBackoff.TotalMilliseconds * factor;
        return TimeSpan.FromMilliseconds(Math.Min(backoff, options.MaxBackoff.TotalMilliseconds));
    }
}
