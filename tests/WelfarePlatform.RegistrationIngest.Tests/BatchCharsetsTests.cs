using System.Text;
using Shouldly;
using WelfarePlatform.RegistrationIngest.Batches;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class BatchCharsetsTests
{
    [Theory]
    [InlineData(null, "utf-8")]
    [InlineData("text/csv", "utf-8")]
    [InlineData("text/csv; charset=UTF-8", "utf-8")]
    [InlineData("text/csv; charset=windows-874", "windows-874")]
    [InlineData("text/csv; charset=\"tis-620\"", "tis-620")]
    public void Declared_charsets_are_recognised(string? contentType, string charset)
    {
        BatchCharsets.TryFromContentType(contentType, out var parsed, out _).ShouldBeTrue();
        parsed.ShouldBe(charset);
    }

    [Theory]
    [InlineData("application/json", "text/csv")]
    [InlineData("text/csv; charset=iso-8859-1", "utf-8, windows-874 or tis-620")]
    public void Other_content_types_are_refused_with_what_to_send(string contentType, string advice)
    {
        BatchCharsets.TryFromContentType(contentType, out _, out var error).ShouldBeFalse();
        error.ShouldContain(advice);
    }

    [Fact]
    public void Thai_text_in_windows_874_decodes_and_mislabelled_bytes_fail()
    {
        var thai = BatchCharsets.StrictEncoding(BatchCharsets.Windows874).GetBytes("สมชาย");
        BatchCharsets.StrictEncoding(BatchCharsets.Tis620).GetString(thai).ShouldBe("สมชาย");
        Should.Throw<DecoderFallbackException>(() => BatchCharsets.StrictEncoding(BatchCharsets.Utf8).GetString(thai));
    }
}
