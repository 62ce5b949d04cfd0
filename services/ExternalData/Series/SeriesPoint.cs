namespace WelfarePlatform.ExternalData.Series;

/// <summary>One value of a province-day series.</summary>
public readonly record struct SeriesPoint(string Series, string ProvinceCode, DateOnly Day, decimal Value);
