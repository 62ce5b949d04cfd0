namespace WelfarePlatform.ExternalData.Series;

/// <summary>One stored province-day value, with the feed or batch that last set it.</summary>
public sealed record SeriesValue(string ProvinceCode, DateOnly Day, decimal Value, string Source, DateTimeOffset UpdatedAt);
