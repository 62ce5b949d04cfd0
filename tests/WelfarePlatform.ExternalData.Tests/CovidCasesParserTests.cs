using System.Text;
using Shouldly;
using WelfarePlatform.ExternalData.Covid;
using WelfarePlatform.ExternalData.Feeds;

namespace WelfarePlatform.ExternalData.Tests;

public sealed class CovidCasesParserTests
{
    private static readonly DateOnly Today = new(2021, 9, 1);

    private static CovidCasesParse Parse(string json) => CovidCasesParser.Parse(Encoding.UTF8.GetBytes(json), Today);

    private static string Row(string date, string province, string newCase = "5", string newDeath = "1") =>
        $$"""{ "txn_date": "{{date}}", "province": "{{province}}", "new_case": {{newCase}}, "total_case": 100, "new_case_excludeabroad": 5, "total_case_excludeabroad": 100, "new_death": {{newDeath}}, "total_death": 3, "update_date": "2021-08-02 07:35:01" }""";

    [Fact]
    public void Thai_names_with_or_without_the_prefix_and_English_names_map_to_codes()
    {
        var parsed = Parse($"[{Row("2021-08-01", "เชียงใหม่")},{Row("2021-08-01", "จังหวัดขอนแก่น")},{Row("2021-08-01", "Songkhla", "\"7\"", "null")}]");

        parsed.RowsRead.ShouldBe(3);
        parsed.Rejects.ShouldBeEmpty();
        parsed.Days.ShouldBe(
        [
            new CovidDay("50", new DateOnly(2021, 8, 1), 5, 1),
            new CovidDay("40", new DateOnly(2021, 8, 1), 5, 1),
            new CovidDay("90", new DateOnly(2021, 8, 1), 7, null),
        ]);
    }

    [Fact]
    public void Bad_rows_are_rejected_with_their_number_and_reason_and_the_rest_is_kept()
    {
        var parsed = Parse(
            $"[{Row("2021-08-01", "เชียงใหม่")}," +
            $"{Row("2021-08-01", "จังหวัดลับแล")}," +
            $"{Row("2021-13-01", "เชียงใหม่")}," +
            $"{Row("2021-09-02", "เชียงใหม่")}," +
            $"{Row("2021-08-02", "เชียงใหม่", "\"many\"")}," +
            $"{Row("2021-08-02", "เชียงใหม่", "-3")}," +
            $"{Row("2021-08-02", "เชียงใหม่", "2.5")}," +
            """{ "txn_date": "2021-08-02", "province": "" },""" +
            "42," +
            $"{Row("2021-08-01", "Chiang Mai")}]");

        parsed.Days.Count.ShouldBe(1);
        parsed.Rejects.Select(r => (r.Row, r.Reason)).ShouldBe(
        [
            (2, FeedReasonCodes.UnknownProvince),
            (3, FeedReasonCodes.BadDate),
            (4, FeedReasonCodes.FutureDate),
            (5, FeedReasonCodes.BadNumber),
            (6, FeedReasonCodes.NegativeAmount),
            (7, FeedReasonCodes.BadNumber),
            (8, FeedReasonCodes.MissingField),
            (9, FeedReasonCodes.BadRow),
            (10, FeedReasonCodes.DuplicateInFile),
        ]);
        parsed.Rejects[0].Detail.ShouldContain("จังหวัดลับแล");
        parsed.Rejects[6].Detail.ShouldContain("province");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{ \"txn_date\": \"2021-08-01\" }")]
    public void A_body_that_is_not_a_JSON_array_fails_whole(string body) =>
        Should.Throw<FeedFormatException>(() => Parse(body)).Message.ShouldContain("JSON array");
}
