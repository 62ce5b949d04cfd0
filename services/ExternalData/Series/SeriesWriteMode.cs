namespace WelfarePlatform.ExternalData.Series;

/// <summary>How a written value meets the one already held for that province and day.</summary>
public enum SeriesWriteMode
{
    /// <summary>The feed publishes the day's value: it replaces the old one, which goes to history.</summary>
    Replace,

    /// <summary>The batch carries a delta (payments change sets): it is added to the old value.</summary>
    Add,
}
