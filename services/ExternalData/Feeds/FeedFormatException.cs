namespace WelfarePlatform.ExternalData.Feeds;

/// <summary>The whole feed is unreadable (not JSON, not an array, no header): nothing of it is loaded.</summary>
public sealed class FeedFormatException(string message) : Exception(message);
