using Shouldly;
using WelfarePlatform.ExternalData.Disasters;
using WelfarePlatform.ExternalData.Feeds;

namespace WelfarePlatform.ExternalData.Tests;

public sealed class DisasterCsvParserTests
{
    private static readonly DateOnly AsOf = new(2022, 12, 31);

    [Fact]
    public void Province_as_code_Thai_or_English_name_columns_in_any_order_and_Buddhist_era_dates()
    {
        var parsed = DisasterCsvParser.Parse(
            "\uFEFFHazard,Province,Declared_On,ended_on,district,affected_households,note\r\n" +
            "flood,40,2022-09-20,2022-10-15,,\"12,500\",x\r\n" +
            "drought,จังหวัดเชียงใหม่,15/03/2565,,อำเภอฝาง,300,\r\n" +
            "Storm,SONGKHLA,01/11/2022,,\"เมือง, สงขลา\",,\r\n",
            AsOf);

        parsed.Rejects.ShouldBeEmpty();
        parsed.UnknownColumns.ShouldBe(["note"]);
        parsed.Declarations.ShouldBe(
        [
            new DisasterDeclaration("40", "", "flood", new DateOnly(2022, 9, 20), new DateOnly(2022, 10, 15), 12_500),
            new DisasterDeclaration("50", "อำเภอฝาง", "drought", new DateOnly(2022, 3, 15), null, 300),
            new DisasterDeclaration("90", "เมือง, สงขลา", "storm", new DateOnly(2022, 11, 1), null, null),
        ]);
    }

    [Fact]
    public void Each_bad_row_gets_the_first_rule_it_breaks()
    {
        var parsed = DisasterCsvParser.Parse(
            "province,district,hazard,declared_on,ended_on,affected_households\n" +
            "40,,flood,2022-09-20,,\n" +
            "40,,flood\n" +
            ",,flood,2022-09-20,,\n" +
            "40,,flood,2022-02-30,,\n" +
            "40,,flood,2022-09-20,2022-09-01,\n" +
            "40,,flood,2023-01-02,,\n" +
            "Atlantis,,flood,2022-09-20,,\n" +
            "40,,flood,2022-09-21,,lots\n" +
            "40,,flood,2022-09-22,,-1\n" +
            "40,,น้ำท่วม,2022-09-23,,\n" +
            "ขอนแก่น,,flood,2022-09-20,,\n",
            AsOf);

        parsed.RowsRead.ShouldBe(11);
        parsed.Declarations.Count.ShouldBe(1);
        parsed.Rejects.Select(r => (r.Row, r.Reason)).ShouldBe(
        [
            (2, FeedReasonCodes.ColumnCount),
            (3, FeedReasonCodes.MissingField),
            (4, FeedReasonCodes.BadDate),
            (5, FeedReasonCodes.BadDate),
            (6, FeedReasonCodes.FutureDate),
            (7, FeedReasonCodes.UnknownProvince),
            (8, FeedReasonCodes.BadNumber),
            (9, FeedReasonCodes.NegativeAmount),
            (10, FeedReasonCodes.BadEnum),
            (11, FeedReasonCodes.DuplicateInFile),
        ]);
        parsed.Rejects[3].Detail.ShouldContain("before declared_on");
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("province,district,declared_on\n40,,2022-09-20\n", "hazard")]
    public void A_file_without_a_usable_header_fails_whole(string csv, string named) =>
        Should.Throw<FeedFormatException>(() => DisasterCsvParser.Parse(csv, AsOf)).Message.ShouldContain(named);
}
