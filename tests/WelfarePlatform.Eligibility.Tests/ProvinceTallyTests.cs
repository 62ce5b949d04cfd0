using Shouldly;
using WelfarePlatform.Eligibility.Evaluations;
using WelfarePlatform.Eligibility.Simulations;

namespace WelfarePlatform.Eligibility.Tests;

public sealed class ProvinceTallyTests
{
    /// <summary>A state as the compiled statement writes it: 2 bits a verdict (1 passed, 2 failed, 0 unknown), the outcome at bit 60.</summary>
    private static long State(long outcomeCode, params int[] verdictCodes) =>
        verdictCodes.Select((code, i) => (long)code << (2 * i)).Aggregate(outcomeCode << CompactDetermination.OutcomeShift, (state, bits) => state | bits);

    [Fact]
    public void Groups_of_people_add_up_to_the_province_counts_and_the_failures_per_criterion()
    {
        var tally = new ProvinceTally("10", new int[ProvinceTally.CountColumns], new int[3]);

        tally.Add(cardHolder: true, stale: false, State(0, 1, 1, 1), people: 5);   // eligible holders
        tally.Add(cardHolder: false, stale: false, State(0, 1, 1, 1), people: 2);  // eligible without a card: exclusion errors
        tally.Add(cardHolder: true, stale: true, State(1, 2, 1, 2), people: 3);    // ineligible holders on stale evidence: inclusion errors
        tally.Add(cardHolder: false, stale: false, State(1, 1, 2, 0), people: 4);  // ineligible, second criterion failed, third unknown
        tally.Add(cardHolder: false, stale: false, State(2, 1, 0, 1), people: 1);  // unknown

        // registrants, holders, eligible, ineligible, unknown, inclusion errors, exclusion errors, stale
        tally.Counts.ShouldBe([15, 8, 7, 7, 1, 3, 2, 3]);
        tally.Failed.ShouldBe([3, 4, 3]);
    }
}
