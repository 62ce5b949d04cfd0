using Shouldly;
using WelfarePlatform.RegistrationIngest.Audit;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class AuditLogHashTests
{
    private static readonly DateTimeOffset At = new(2022, 9, 30, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_hash_covers_the_previous_hash_and_every_field_of_the_row()
    {
        var hash = AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-steward", "applicant.read", "pid");
        hash.Length.ShouldBe(64);
        AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-steward", "applicant.read", "pid").ShouldBe(hash);

        AuditLog.Hash(new string('1', 64), 1, At, "dev-steward", "applicant.read", "pid").ShouldNotBe(hash);
        AuditLog.Hash(AuditLog.Genesis, 2, At, "dev-steward", "applicant.read", "pid").ShouldNotBe(hash);
        AuditLog.Hash(AuditLog.Genesis, 1, At.AddTicks(10), "dev-steward", "applicant.read", "pid").ShouldNotBe(hash);
        AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-stewarD", "applicant.read", "pid").ShouldNotBe(hash);
        AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-steward", "applicant.reads", "pid").ShouldNotBe(hash);
        AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-steward", "applicant.read", "pie").ShouldNotBe(hash);
    }

    [Fact]
    public void Moving_text_between_fields_changes_the_hash()
    {
        AuditLog.Hash(AuditLog.Genesis, 1, At, "ab", "c", "d").ShouldNotBe(AuditLog.Hash(AuditLog.Genesis, 1, At, "a", "bc", "d"));
    }
}
