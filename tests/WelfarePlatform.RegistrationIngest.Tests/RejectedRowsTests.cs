using Shouldly;
using WelfarePlatform.RegistrationIngest.Batches;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class RejectedRowsTests
{
    [Fact]
    public void Rejects_come_back_as_they_went_in_and_their_counts_outlive_the_spool()
    {
        var rejects = new RejectedRows();
        var added = new List<RejectedRow>
        {
            new(2, ReasonCodes.BadIdChecksum, "national_id's 13th digit is not its check digit", "1101700000001,สมชาย,\"ใจดี, จริง\"\r"),
            new(7, ReasonCodes.DuplicateInFile, "national_id appeared earlier in this file", ""),
            new(9, ReasonCodes.BadIdChecksum, "national_id's 13th digit is not its check digit", new string('x', 100_000)),
        };
        added.ForEach(rejects.Add);

        rejects.ReadAll().ShouldBe(added);
        rejects.ReadAll().ShouldBe(added, "read twice, e.g. a save retried");
        rejects.ByReason().ShouldBe(new Dictionary<string, int> { [ReasonCodes.BadIdChecksum] = 2, [ReasonCodes.DuplicateInFile] = 1 });

        rejects.Dispose();
        rejects.Count.ShouldBe(3);
        rejects.ByReason().Keys.ShouldBe([ReasonCodes.BadIdChecksum, ReasonCodes.DuplicateInFile]);
    }

    [Fact]
    public void No_rejects_make_no_spool()
    {
        using var rejects = new RejectedRows();
        rejects.ReadAll().ShouldBeEmpty();
        rejects.Count.ShouldBe(0);
    }
}
