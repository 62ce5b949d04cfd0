using WelfarePlatform.DataGen.Cli;

namespace WelfarePlatform.DataGen.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("2021-13-01")]
    [InlineData("01/03/2021")]
    public void A_malformed_payments_from_is_a_parse_error_naming_the_option(string value)
    {
        var result = Commands.Root().Parse(["payments", "--people", "10", "--payments-from", value]);

        var error = result.Errors.ShouldHaveSingleItem();
        error.Message.ShouldContain("--payments-from");
        error.Message.ShouldContain(value);
    }

    [Fact]
    public void A_well_formed_payments_from_parses_without_errors()
    {
        Commands.Root().Parse(["payments", "--people", "10", "--payments-from", "2021-03-01"]).Errors.ShouldBeEmpty();
    }
}
