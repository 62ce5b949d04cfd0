using Shouldly;
using WelfarePlatform.SharingRequest.Audit;

namespace WelfarePlatform.SharingRequest.Tests;

public sealed class AuditHashTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Request = Guid.Parse("0193a1c2-0000-7000-8000-000000000001");

    [Fact]
    public void The_hash_is_sha256_over_the_previous_hash_and_the_row()
    {
        var hash = AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-agency", "agency", "request.submitted", Request, "{}");
        hash.Length.ShouldBe(64);
        hash.ShouldBe(AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-agency", "agency", "request.submitted", Request, "{}"));
    }

    [Fact]
    public void Changing_any_part_changes_the_hash()
    {
        var hash = AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-agency", "agency", "request.submitted", Request, "{}");
        string[] variants =
        [
            AuditLog.Hash(new string('1', 64), 1, At, "dev-agency", "agency", "request.submitted", Request, "{}"),
            AuditLog.Hash(AuditLog.Genesis, 2, At, "dev-agency", "agency", "request.submitted", Request, "{}"),
            AuditLog.Hash(AuditLog.Genesis, 1, At.AddTicks(10), "dev-agency", "agency", "request.submitted", Request, "{}"),
            AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-agencyx", "agency", "request.submitted", Request, "{}"),
            AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-agency", "dpo", "request.submitted", Request, "{}"),
            AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-agency", "agency", "request.approve", Request, "{}"),
            AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-agency", "agency", "request.submitted", null, "{}"),
            AuditLog.Hash(AuditLog.Genesis, 1, At, "dev-agency", "agency", "request.submitted", Request, "{ }"),
        ];
        variants.ShouldNotContain(hash);
        variants.Distinct().Count().ShouldBe(variants.Length);
    }

    [Fact]
    public void Moving_text_between_fields_changes_the_hash()
    {
        AuditLog.Hash(AuditLog.Genesis, 1, At, "ab", "c", "x", null, "")
            .ShouldNotBe(AuditLog.Hash(AuditLog.Genesis, 1, At, "a", "bc", "x", null, ""));
    }
}
