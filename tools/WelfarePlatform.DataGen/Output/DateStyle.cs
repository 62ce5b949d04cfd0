namespace WelfarePlatform.DataGen.Output;

/// <summary>The date spellings FORMATS.md accepts: ISO or day-first, in the Common or Buddhist Era (year + 543).</summary>
internal enum DateStyle : byte
{
    /// <summary>2022-09-05</summary>
    Iso,

    /// <summary>2565-09-05 (Buddhist Era: a year of 2400 or more is read as year − 543)</summary>
    IsoBuddhist,

    /// <summary>05/09/2022</summary>
    DayFirst,

    /// <summary>05/09/2565</summary>
    DayFirstBuddhist,
}
