using Shouldly;
using WelfarePlatform.RegistrationIngest.Batches;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class BatchRetryDelayTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(600);

    [Theory]
    [InlineData(1, 15)]
    [InlineData(2, 30)]
    [InlineData(3, 60)]
    [InlineData(4, 120)]
    [InlineData(5, 240)]
    [InlineData(6, 480)]
    [InlineData(7, 600)]
    [InlineData(1000, 600)]
    public void A_failed_batch_waits_15_seconds_doubling_with_each_attempt_and_never_longer_than_a_lease(int attempt, int seconds) =>
        BatchStore.RetryDelay(attempt, Lease).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void A_lease_shorter_than_the_first_wait_bounds_it() =>
        BatchStore.RetryDelay(1, TimeSpan.FromSeconds(5)).ShouldBe(TimeSpan.FromSeconds(5));
}
