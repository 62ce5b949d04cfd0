using Shouldly;
using WelfarePlatform.RegistrationIngest.Batches;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class EvidenceRowParserTests
{
    private const string Header = "national_id,evidence_type,value,as_of";
    private static readonly DateOnly AsOf = new(2022, 9, 30);

    private static RowResult<EvidenceRow> Parse(string row, string header = Header)
    {
        var parser = new EvidenceRowParser(CsvHeader.Parse(header.Split(','), EvidenceRowParser.RequiredColumns), AsOf);
        new CsvRecordReader(new StringReader(row)).TryRead(out var record).ShouldBeTrue();
        return parser.Parse(record.Fields);
    }

    [Fact]
    public void A_valid_row_is_accepted_with_its_values_whatever_the_column_order_and_case()
    {
        var row = Parse("31/12/2564,1100000000016,\"100,000.50\",annual_income", "AS_OF,National_Id,VALUE,evidence_type").Row!;
        row.NationalId.ShouldBe("1100000000016");
        row.EvidenceType.ShouldBe("annual_income");
        row.Value.ShouldBe(100_000.50m);
        row.AsOf.ShouldBe(new DateOnly(2021, 12, 31));
    }

    [Theory]
    [InlineData("1100000000016,annual_income,1", "COLUMN_COUNT")]
    [InlineData("1100000000016,,1,2022-01-01", "MISSING_FIELD")]
    [InlineData("1100000000016,annual_income,,2022-01-01", "MISSING_FIELD")]
    [InlineData("110000000001,annual_income,1,2022-01-01", "BAD_ID_FORMAT")]
    [InlineData("1100000000017,annual_income,1,2022-01-01", "BAD_ID_CHECKSUM")]
    [InlineData("1100000000016,annual_income,1,2022-02-30", "BAD_DATE")]
    [InlineData("1100000000016,financial_assets,100000000000000,2022-01-01", "BAD_NUMBER")]
    [InlineData("1100000000016,annual_income,1,2565-10-01", "FUTURE_DATE")]
    [InlineData("1100000000016,annual_income,N/A,2022-01-01", "BAD_NUMBER")]
    [InlineData("1100000000016,annual_income,-1,2022-01-01", "NEGATIVE_AMOUNT")]
    [InlineData("1100000000016,salary,1,2022-01-01", "BAD_ENUM")]
    [InlineData("1100000000016,deceased,2,2022-01-01", "BAD_ENUM")]
    // The first rule broken wins: a bad date and a bad type give BAD_DATE.
    [InlineData("1100000000016,salary,1,2022-02-30", "BAD_DATE")]
    [InlineData("1100000000016,salary,-1,2022-01-01", "NEGATIVE_AMOUNT")]
    public void A_row_gets_the_first_rule_it_breaks(string row, string reasonCode) =>
        Parse(row).ReasonCode.ShouldBe(reasonCode);

    [Fact]
    public void Every_evidence_type_of_the_contract_is_accepted()
    {
        foreach (var type in EvidenceRowParser.EvidenceTypes)
        {
            Parse($"1100000000016,{type},1,2022-01-01").ReasonCode.ShouldBeNull(type);
        }
    }
}
