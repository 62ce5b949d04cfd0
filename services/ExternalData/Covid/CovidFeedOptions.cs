namespace WelfarePlatform.ExternalData.Covid;

/// <summary>
/// The scheduled pull of the Covid-19 feed (configuration section <c>Feeds:CovidCases</c>). Without
/// a <see cref="Url"/> nothing is pulled and the feed is only posted.
/// </summary>
public sealed class CovidFeedOptions
{
    public const string Section = "Feeds:CovidCases";

    /// <summary>The DDC-shaped JSON to pull, e.g. <c>https://covid19.ddc.moph.go.th/api/Cases/timeline-cases-by-provinces</c>.</summary>
    public string? Url { get; set; }

    /// <summary>Time between pulls while the source answers.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Wait after the first failure in a row; doubled after each further failure.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between attempts while the source fails.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one request may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
}
