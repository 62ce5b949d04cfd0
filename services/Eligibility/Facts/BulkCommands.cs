namespace WelfarePlatform.Eligibility.Facts;

/// <summary>How long one statement or COPY of a change set or a full evaluation may take.</summary>
internal static class BulkCommands
{
    public const int TimeoutSeconds = 1800;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(TimeoutSeconds);
}
