using Shouldly;
using WelfarePlatform.ExternalData.Covid;

namespace WelfarePlatform.ExternalData.Tests;

public sealed class PullScheduleTests
{
    private static readonly CovidFeedOptions Options = new()
    {
        Interval = TimeSpan.FromHours(1),
        InitialBackoff = TimeSpan.FromMinutes(1),
        MaxBackoff = TimeSpan.FromMinutes(10),
    };

    [Theory]
    [InlineData(0, 60)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 10)]
    [InlineData(1000, 10)]
    public void Failures_back_off_doubling_up_to_the_maximum_and_success_returns_to_the_interval(int failures, int minutes) =>
        PullSchedule.NextDelay(failures, Options).ShouldBe(TimeSpan.FromMinutes(minutes));
}
