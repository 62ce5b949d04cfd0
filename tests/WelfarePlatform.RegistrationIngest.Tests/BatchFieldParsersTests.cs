using Shouldly;
using WelfarePlatform.RegistrationIngest.Batches;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class BatchFieldParsersTests
{
    [Theory]
    [InlineData("29/02/2543", 2000, 2, 29)] // BE 2543 = 2000, a leap year: found refused by the fault suite
    [InlineData("2543-02-29", 2000, 2, 29)]
    [InlineData("29/02/2000", 2000, 2, 29)]
    [InlineData("1/3/2564", 2021, 3, 1)]
    [InlineData(" 31/12/2565 ", 2022, 12, 31)]
    [InlineData("1900-01-01", 1900, 1, 1)]
    public void A_real_day_in_either_era_and_either_order_is_read(string text, int year, int month, int day)
    {
        BatchFieldParsers.TryParseDate(text, out var date).ShouldBeTrue();
        date.ShouldBe(new DateOnly(year, month, day));
    }

    [Theory]
    [InlineData("29/02/2544")] // BE 2544 = 2001, no leap day (2544 as a Gregorian year would have one)
    [InlineData("2544-02-29")]
    [InlineData("29/02/2001")]
    [InlineData("31/04/2565")]
    [InlineData("1899-12-31")]
    [InlineData("2022-13-01")]
    [InlineData("2022/01/01")]
    [InlineData("01-02-2022")]
    [InlineData("1/1/22")]
    [InlineData("")]
    [InlineData("+1/01/2022")]
    public void Anything_else_is_not_a_date(string text) =>
        BatchFieldParsers.TryParseDate(text, out _).ShouldBeFalse();
}
