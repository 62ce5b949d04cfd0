using Shouldly;
using WelfarePlatform.RegistrationIngest.Batches;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class RegistrationRowParserTests
{
    private const string Header = "national_id,first_name,last_name,birth_date,nationality,province_code,household_id,relationship,declared_income,registered_at,card_holder";
    private const string ValidId = "1100000000016"; // check digit 6 for 110000000001
    private static readonly DateOnly AsOf = new(2022, 9, 30);

    private static RowResult<RegistrationRow> Parse(string row, string header = Header)
    {
        var headerFields = header.Split(',');
        var parser = new RegistrationRowParser(CsvHeader.Parse(headerFields, RegistrationRowParser.KnownColumns), AsOf);
        var reader = new CsvRecordReader(new StringReader(row));
        reader.TryRead(out var record).ShouldBeTrue();
        return parser.Parse(record.Fields);
    }

    [Fact]
    public void A_valid_row_is_accepted_with_its_values()
    {
        var result = Parse($"{ValidId},สมชาย,ใจดี,1970-01-31,TH,10,H1,spouse,\"100,000.50\",2022-09-10,1");
        result.ReasonCode.ShouldBeNull(result.Detail);
        var row = result.Row!;
        row.FirstName.ShouldBe("สมชาย");
        row.BirthDate.ShouldBe(new DateOnly(1970, 1, 31));
        row.Relationship.ShouldBe("spouse");
        row.DeclaredIncome.ShouldBe(100_000.50m);
        row.CardHolder.ShouldBeTrue();
    }

    [Fact]
    public void Buddhist_era_and_day_first_dates_are_read_as_the_same_day()
    {
        Parse($"{ValidId},ก,ข,31/01/2513,TH,10,H1,head,0,10/09/2565,0").Row!.BirthDate.ShouldBe(new DateOnly(1970, 1, 31));
        Parse($"{ValidId},ก,ข,2513-01-31,TH,10,H1,head,0,2565-09-10,0").Row!.RegisteredAt.ShouldBe(new DateOnly(2022, 9, 10));
    }

    [Fact]
    public void Optional_columns_take_their_defaults()
    {
        var row = Parse($"{ValidId},ก,ข,1970-01-01,TH,10,H1,,0,2022-09-10,").Row!;
        row.Relationship.ShouldBe("head");
        row.CardHolder.ShouldBeFalse();
    }

    [Theory]
    [InlineData("1100000000016,ก,ข,1970-01-01,TH,10,H1,head,0,2022-09-10", "COLUMN_COUNT")]
    [InlineData("1100000000016,,ข,1970-01-01,TH,10,H1,head,0,2022-09-10,0", "MISSING_FIELD")]
    [InlineData("110000000001,ก,ข,1970-01-01,TH,10,H1,head,0,2022-09-10,0", "BAD_ID_FORMAT")]
    [InlineData("11000000000A6,ก,ข,1970-01-01,TH,10,H1,head,0,2022-09-10,0", "BAD_ID_FORMAT")]
    [InlineData("1100000000017,ก,ข,1970-01-01,TH,10,H1,head,0,2022-09-10,0", "BAD_ID_CHECKSUM")]
    [InlineData("1100000000016,ก,ข,1899-12-31,TH,10,H1,head,0,2022-09-10,0", "BAD_DATE")]
    [InlineData("1100000000016,ก,ข,1970-02-30,TH,10,H1,head,0,2022-09-10,0", "BAD_DATE")]
    [InlineData("1100000000016,ก,ข,1970-01-01,TH,10,H1,head,0,2022-10-01,0", "FUTURE_DATE")]
    [InlineData("1100000000016,ก,ข,1970-01-01,TH,99,H1,head,0,2022-09-10,0", "UNKNOWN_PROVINCE")]
    [InlineData("1100000000016,ก,ข,1970-01-01,TH,10,H1,head,12abc,2022-09-10,0", "BAD_NUMBER")]
    [InlineData("1100000000016,ก,ข,1970-01-01,TH,10,H1,head,\"1,00\",2022-09-10,0", "BAD_NUMBER")]
    [InlineData("1100000000016,ก,ข,1970-01-01,TH,10,H1,head,-1,2022-09-10,0", "NEGATIVE_AMOUNT")]
    [InlineData("1100000000016,ก,ข,1970-01-01,TH,10,H1,boss,0,2022-09-10,0", "BAD_ENUM")]
    [InlineData("1100000000016,ก,ข,1970-01-01,TH,10,H1,head,0,2022-09-10,yes", "BAD_ENUM")]
    [InlineData("1100000000016,ก,ข,1970-01-01,Thai,10,H1,head,0,2022-09-10,0", "BAD_ENUM")]
    public void A_row_gets_the_first_rule_it_breaks(string row, string reason) =>
        Parse(row).ReasonCode.ShouldBe(reason);

    [Fact]
    public void Rules_are_checked_in_the_order_of_the_reason_table()
    {
        // A bad check digit and an unknown province: the ID rule comes first.
        Parse("1100000000017,ก,ข,1970-01-01,TH,99,H1,head,0,2022-09-10,0").ReasonCode.ShouldBe("BAD_ID_CHECKSUM");
        // A future date and a negative amount: the date rule comes first.
        Parse("1100000000016,ก,ข,1970-01-01,TH,10,H1,head,-5,2023-01-01,0").ReasonCode.ShouldBe("FUTURE_DATE");
    }

    [Fact]
    public void A_name_or_household_id_is_accepted_up_to_200_characters_and_rejected_over()
    {
        var longest = new string('ก', 200);
        Parse($"1100000000016,{longest},ข,1970-01-01,TH,10,{longest},head,0,2022-09-10,0").Row!.HouseholdId.ShouldBe(longest);

        var household = Parse($"1100000000016,ก,ข,1970-01-01,TH,10,{longest}ก,head,0,2022-09-10,0");
        household.ReasonCode.ShouldBe("FIELD_TOO_LONG");
        household.Detail.ShouldBe("household_id is 201 characters long; at most 200 are accepted");
        Parse($"1100000000016,ก,{longest}ก,1970-01-01,TH,10,H1,head,0,2022-09-10,0").ReasonCode.ShouldBe("FIELD_TOO_LONG");
        // The new rule comes after FORMATS.md's: a row that also breaks one of those keeps its code.
        Parse($"1100000000016,ก,ข,1970-01-01,TH,99,{longest}ก,head,0,2022-09-10,0").ReasonCode.ShouldBe("UNKNOWN_PROVINCE");
    }

    [Fact]
    public void A_declared_income_the_registry_cannot_hold_is_a_bad_number()
    {
        Parse("1100000000016,ก,ข,1970-01-01,TH,10,H1,head,999999999999.99,2022-09-10,0").Row!.DeclaredIncome.ShouldBe(999_999_999_999.99m);
        var over = Parse("1100000000016,ก,ข,1970-01-01,TH,10,H1,head,1000000000000,2022-09-10,0");
        over.ReasonCode.ShouldBe("BAD_NUMBER");
        over.Detail.ShouldBe("declared_income 1000000000000 is larger than the registry holds (at most 999,999,999,999.99)");
    }

    [Fact]
    public void Columns_are_matched_by_name_in_any_order_and_case()
    {
        const string reordered = "Province_Code,NATIONAL_ID,first_name,last_name,birth_date,nationality,household_id,declared_income,registered_at,remarks";
        var result = Parse($"50,{ValidId},ก,ข,1970-01-01,TH,H1,0,2022-09-10,anything", reordered);
        result.Row!.ProvinceCode.ShouldBe("50");
        CsvHeader.Parse(reordered.Split(','), RegistrationRowParser.KnownColumns).UnknownColumns.ShouldBe(["remarks"]);
    }
}
