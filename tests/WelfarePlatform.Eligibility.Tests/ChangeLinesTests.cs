using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Shouldly;
using WelfarePlatform.Contracts;
using WelfarePlatform.Eligibility.Evaluations;

namespace WelfarePlatform.Eligibility.Tests;

/// <summary>
/// Change-set lines are put together from pre-encoded pieces: each must be exactly the line the
/// serializer writes for the same <see cref="DeterminationChange"/> (consumers parse either).
/// </summary>
public sealed class ChangeLinesTests
{
    public static TheoryData<DeterminationChange> Changes() =>
    [
        new DeterminationChange
        {
            Pid = new string('a', 32) + new string('9', 32), ProvinceCode = "10", CardHolder = true, Outcome = "ineligible", PreviousOutcome = null,
            FailedCriteria = ["INCOME", "ASSETS"], InclusionError = true, ExclusionError = false,
        },
        new DeterminationChange
        {
            Pid = "p000001".PadRight(64, '0'), ProvinceCode = "96", CardHolder = false, Outcome = "eligible", PreviousOutcome = "unknown",
            FailedCriteria = [], InclusionError = false, ExclusionError = true,
        },
        // Text the encoder must escape: quotes, a backslash, HTML-sensitive and non-ASCII characters.
        new DeterminationChange
        {
            Pid = "a\"b\\c<d>e&f'g+h`i_j".PadRight(64, 'z'), ProvinceCode = "1\"", CardHolder = true, Outcome = "unknown", PreviousOutcome = "eligible",
            FailedCriteria = ["รายได้", "A<B"], InclusionError = false, ExclusionError = false,
        },
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task A_line_is_the_serializers_line_for_the_same_change(DeterminationChange change)
    {
        var chunks = Channel.CreateUnbounded<ArraySegment<byte>>();
        var lines = new ChangeLines(chunks.Writer);

        lines.Write(Encoding.UTF8.GetBytes(change.Pid), change.ProvinceCode, change.CardHolder, change.Outcome, change.PreviousOutcome, change.FailedCriteria,
            change.InclusionError, change.ExclusionError);
        var counts = await lines.CompleteAsync(CancellationToken.None);

        chunks.Reader.TryRead(out var written).ShouldBeTrue();
        Encoding.UTF8.GetString(written).ShouldBe(JsonSerializer.Serialize(change, JsonSerializerOptions.Web) + "\n");
        counts.ShouldBe(new ChangeCounts(1, change.InclusionError ? 1 : 0, change.ExclusionError ? 1 : 0));
    }
}
