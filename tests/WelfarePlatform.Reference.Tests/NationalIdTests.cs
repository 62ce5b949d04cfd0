namespace WelfarePlatform.Reference.Tests;

/// <summary>The check digit of FORMATS.md: s = Σ d_i × (14 − i), check = (11 − s mod 11) mod 10.</summary>
public sealed class NationalIdTests
{
    [Theory]
    [InlineData("110170020367", 1)] // s = 13 + 12 + 10 + 63 + 12 + 12 + 18 + 14 = 154 = 14 × 11: (11 − 0) mod 10 = 1
    [InlineData("123456789012", 1)] // s = 352 = 32 × 11
    [InlineData("000000000000", 1)] // s = 0
    [InlineData("000000000001", 9)] // s = 2: 11 − 2 = 9
    [InlineData("100000000000", 9)] // s = 13, 13 mod 11 = 2: 9
    public void Check_digit_follows_the_formula(string first12, int expected)
    {
        NationalId.ComputeCheckDigit(first12).ShouldBe(expected);
        NationalId.ComputeCheckDigit(System.Text.Encoding.ASCII.GetBytes(first12)).ShouldBe(expected);
        NationalId.ComputeCheckDigit(long.Parse(first12, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
        NationalId.IsValid(first12 + expected).ShouldBeTrue();
    }

    [Theory]
    [InlineData("1101700203671", NationalIdCheck.Valid)]
    [InlineData("1101700203672", NationalIdCheck.BadChecksum)]
    [InlineData("110170020367", NationalIdCheck.BadFormat)]
    [InlineData("11017002036710", NationalIdCheck.BadFormat)]
    [InlineData("1-1017-00203-67-1", NationalIdCheck.BadFormat)]
    [InlineData("11017OO203671", NationalIdCheck.BadFormat)]
    [InlineData("", NationalIdCheck.BadFormat)]
    [InlineData("๑๑๐๑๗๐๐๒๐๓๖๗๑", NationalIdCheck.BadFormat)]
    public void Check_tells_format_from_checksum(string id, NationalIdCheck expected)
    {
        NationalId.Check(id).ShouldBe(expected);
        NationalId.Check(System.Text.Encoding.UTF8.GetBytes(id)).ShouldBe(expected);
    }

    [Fact]
    public void Exactly_one_of_ten_final_digits_is_valid()
    {
        for (var prefix = 0L; prefix < 5_000; prefix++)
        {
            var first12 = (prefix * 199_999_999L).ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
            Enumerable.Range(0, 10).Count(d => NationalId.IsValid(first12 + d)).ShouldBe(1);
        }
    }

    [Fact]
    public void Malformed_input_to_compute_throws()
    {
        Should.Throw<ArgumentException>(() => NationalId.ComputeCheckDigit("12345"));
        Should.Throw<ArgumentException>(() => NationalId.ComputeCheckDigit("12345678901a"));
        Should.Throw<ArgumentOutOfRangeException>(() => NationalId.ComputeCheckDigit(1_000_000_000_000L));
    }
}
