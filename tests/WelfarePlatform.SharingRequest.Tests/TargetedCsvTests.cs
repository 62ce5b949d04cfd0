using System.Text.Json.Nodes;
using Shouldly;
using WelfarePlatform.SharingRequest.Packages;

namespace WelfarePlatform.SharingRequest.Tests;

public sealed class TargetedCsvTests
{
    [Fact]
    public void Only_the_requested_fields_are_written_and_suppressed_counts_stay_empty()
    {
        var summary = JsonNode.Parse("""
            { "ruleset": "round-2022", "provinces": [
              { "code": "10", "registrants": 120, "holders": null, "inclusionErrors": 12, "ineligibleByCriterion": { "INCOME": 30 }, "suppressed": ["holders"] },
              { "code": "50", "registrants": 15, "holders": 11, "inclusionErrors": null, "ineligibleByCriterion": {} } ] }
            """)!.AsObject();
        var csv = new StringWriter();
        TargetedCsv.Write(summary, ["province_code", "ruleset", "registrants", "holders", "ineligible_by_criterion"], csv).ShouldBe(2);
        csv.ToString().ShouldBe("""
            province_code,ruleset,registrants,holders,ineligible_by_criterion
            10,round-2022,120,,"{""INCOME"":30}"
            50,round-2022,15,11,{}

            """.ReplaceLineEndings("\n"));
    }
}
