using Shouldly;
using WelfarePlatform.RegistrationIngest.Batches;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class PaymentRowParserTests
{
    private const string Header = "national_id,paid_on,amount,program";
    private static readonly DateOnly AsOf = new(2022, 9, 30);

    private static RowResult<PaymentRow> Parse(string row)
    {
        var parser = new PaymentRowParser(CsvHeader.Parse(Header.Split(','), PaymentRowParser.RequiredColumns), AsOf);
        new CsvRecordReader(new StringReader(row)).TryRead(out var record).ShouldBeTrue();
        return parser.Parse(record.Fields);
    }

    [Fact]
    public void A_valid_row_is_accepted_with_its_values()
    {
        var row = Parse("1100000000016,01/09/2565,\"1,000.00\",covid-relief").Row!;
        row.PaidOn.ShouldBe(new DateOnly(2022, 9, 1));
        row.Amount.ShouldBe(1000m);
        row.Program.ShouldBe("covid-relief");
    }

    [Theory]
    [InlineData("1100000000016,2022-09-01,300", "COLUMN_COUNT")]
    [InlineData("1100000000016,2022-09-01,300,", "MISSING_FIELD")]
    [InlineData("1100000000017,2022-09-01,300,monthly-allowance", "BAD_ID_CHECKSUM")]
    [InlineData("1100000000016,2022-13-01,300,monthly-allowance", "BAD_DATE")]
    [InlineData("1100000000016,2022-10-01,300,monthly-allowance", "FUTURE_DATE")]
    [InlineData("1100000000016,2022-09-01,๓๐๐,monthly-allowance", "BAD_NUMBER")]
    [InlineData("1100000000016,2022-09-01,-300,monthly-allowance", "NEGATIVE_AMOUNT")]
    [InlineData("1100000000016,2022-09-01,1000000000000,monthly-allowance", "BAD_NUMBER")]
    public void A_row_gets_the_first_rule_it_breaks(string row, string reasonCode) =>
        Parse(row).ReasonCode.ShouldBe(reasonCode);

    [Fact]
    public void A_zero_amount_is_a_payment()
    {
        Parse("1100000000016,2022-09-01,0,monthly-allowance").Row!.Amount.ShouldBe(0m);
    }

    [Fact]
    public void A_program_name_over_200_characters_is_too_long()
    {
        Parse($"1100000000016,2022-09-01,300,{new string('p', 200)}").Row.ShouldNotBeNull();
        Parse($"1100000000016,2022-09-01,300,{new string('p', 201)}").ReasonCode.ShouldBe("FIELD_TOO_LONG");
    }
}
