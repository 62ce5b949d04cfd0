namespace WelfarePlatform.ExternalData.Timeliness;

/// <summary>The parameters of the timeliness analysis (each is a query parameter of <c>GET /api/timeliness/lags</c>).</summary>
public sealed record TimelinessParameters
{
    /// <summary>Days in the rolling windows of cases and payments.</summary>
    public const int WindowDays = 7;

    /// <summary>First day an onset may fall on.</summary>
    public required DateOnly From { get; init; }

    /// <summary>Last day looked at (the analysis' as-of date).</summary>
    public required DateOnly To { get; init; }

    /// <summary>Covid-19 onset: 7-day new cases per 100,000 people at or above this.</summary>
    public decimal CaseThresholdPer100k { get; init; } = 50;

    /// <summary>Uplift: 7-day payments per person at least this many times the baseline (and above it).</summary>
    public decimal UpliftRatio { get; init; } = 1.5m;

    /// <summary>Baseline: the mean 7-day payments per person over this many days before onset.</summary>
    public int BaselineDays { get; init; } = 28;

    /// <summary>An uplift more than this many days after onset is not counted as the response to it.</summary>
    public int MaxLagDays { get; init; } = 90;
}
