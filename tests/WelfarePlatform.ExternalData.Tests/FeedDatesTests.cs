using Shouldly;
using WelfarePlatform.ExternalData.Feeds;

namespace WelfarePlatform.ExternalData.Tests;

public sealed class FeedDatesTests
{
    [Theory]
    [InlineData("2021-08-01", 2021, 8, 1)]
    [InlineData("01/08/2021", 2021, 8, 1)]
    [InlineData("1/8/2564", 2021, 8, 1)]
    [InlineData("2564-08-01", 2021, 8, 1)]
    // 2563 BE is not a leap year as a Gregorian number, but 2020 is: convert the era first.
    [InlineData("29/02/2563", 2020, 2, 29)]
    public void Iso_day_first_and_Buddhist_era_dates_parse(string text, int year, int month, int day)
    {
        FeedDates.TryParse(text, out var date).ShouldBeTrue();
        date.ShouldBe(new DateOnly(year, month, day));
    }

    [Theory]
    [InlineData("2021-02-29")]
    [InlineData("2021/08/01")]
    [InlineData("1899-12-31")]
    [InlineData("yesterday")]
    [InlineData("")]
    public void Anything_else_does_not(string text) => FeedDates.TryParse(text, out _).ShouldBeFalse();
}
