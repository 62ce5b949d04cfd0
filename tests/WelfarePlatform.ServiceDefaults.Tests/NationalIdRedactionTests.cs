using Shouldly;
using WelfarePlatform.ServiceDefaults.Identity;

namespace WelfarePlatform.ServiceDefaults.Tests;

public sealed class NationalIdRedactionTests
{
    [Theory]
    [InlineData("/api/determinations/1101700203451", "/api/determinations/[national-id]")]
    [InlineData("/api/applicants/1101700203451?asOf=2022-09-30", "/api/applicants/[national-id]?asOf=2022-09-30")]
    [InlineData("ids=1101700203451,3100600123456", "ids=[national-id],[national-id]")]
    public void Every_thirteen_digit_run_is_replaced(string text, string expected) =>
        NationalIdRedaction.Redact(text).ShouldBe(expected);

    [Theory]
    [InlineData("/api/batches/42")]
    [InlineData("amount=11017002034512")] // 14 digits: not an ID
    [InlineData("110170020345")] // 12 digits
    [InlineData("")]
    public void Text_without_an_id_is_unchanged(string text) =>
        NationalIdRedaction.Redact(text).ShouldBe(text);
}
