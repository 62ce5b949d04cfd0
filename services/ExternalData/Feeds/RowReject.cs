namespace WelfarePlatform.ExternalData.Feeds;

/// <summary>A feed row that was not loaded: its number (data rows from 1), a reason code and what was wrong.</summary>
public sealed record RowReject(int Row, string Reason, string Detail);
