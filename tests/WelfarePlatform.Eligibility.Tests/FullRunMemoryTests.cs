using Shouldly;
using WelfarePlatform.Eligibility.Evaluations;

namespace WelfarePlatform.Eligibility.Tests;

public sealed class FullRunMemoryTests
{
    private const long Gigabyte = 1L << 30;

    [Fact]
    public void A_million_people_fit_in_a_replica_with_two_gigabytes() =>
        Should.NotThrow(() => Population.EnsureMemory(1_000_000, 3_500_000, evidenceTypes: 8, criteria: 11, availableBytes: 2 * Gigabyte));

    [Fact]
    public void The_whole_registry_in_a_small_replica_is_refused_with_what_it_needs_and_what_to_do()
    {
        var refused = Should.Throw<InvalidOperationException>(() =>
            Population.EnsureMemory(22_000_000, 77_000_000, evidenceTypes: 8, criteria: 11, availableBytes: 8 * Gigabyte));

        refused.Message.ShouldContain("22,000,000 people");
        refused.Message.ShouldContain("14.0 GB");
        refused.Message.ShouldContain("8.0 GB");
        refused.Message.ShouldContain("more memory");
    }

    [Fact]
    public void Tables_never_analyzed_count_as_empty() =>
        Should.NotThrow(() => Population.EnsureMemory(-1, -1, evidenceTypes: 8, criteria: 11, availableBytes: Gigabyte / 4));
}
