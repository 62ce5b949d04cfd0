namespace WelfarePlatform.ExternalData.Covid;

/// <summary>One province's accepted Covid-19 figures for one day (deaths absent when the row had none).</summary>
public sealed record CovidDay(string ProvinceCode, DateOnly Day, long NewCases, long? NewDeaths);
