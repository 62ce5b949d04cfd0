using System.Globalization;
using WelfarePlatform.Eligibility.Rulesets;

namespace WelfarePlatform.Eligibility.Determinations;

/// <summary>A criterion's verdict in words, in Thai and English, for appeals.</summary>
public static class CriterionReasons
{
    private static readonly CultureInfo Numbers = CultureInfo.InvariantCulture;

    public static (string Th, string En) Describe(CriterionDefinition criterion, CriterionResult result, Ruleset ruleset, DateOnly? freshSince)
    {
        if (!result.Applied)
        {
            return ("ไม่ใช้เกณฑ์นี้ในวันที่ประเมิน (ไม่มีค่าพารามิเตอร์ที่มีผล)", "not applied: the criterion's parameter is not in force on the evaluation date");
        }

        if (result.Passed is null)
        {
            return ($"ไม่ทราบ: ไม่มีหลักฐาน{criterion.LabelTh}จากแหล่งใด", $"unknown: no evidence from any source ({criterion.LabelEn})");
        }

        var (th, en) = Verdict(criterion, result, ruleset);
        var (provenanceTh, provenanceEn) = Provenance(result);
        th += provenanceTh;
        en += provenanceEn;
        if (result.Stale)
        {
            var since = freshSince?.ToString("yyyy-MM-dd", Numbers);
            th += $"; หลักฐานเก่ากว่าเกณฑ์ความสดใหม่ (ก่อน {since})";
            en += $"; the evidence is stale (older than {since})";
        }

        return (th, en);
    }

    private static (string Th, string En) Verdict(CriterionDefinition criterion, CriterionResult result, Ruleset ruleset)
    {
        var value = Format(result.Value);
        var limit = Format(result.Limit);
        var passed = result.Passed == true;
        return criterion.Comparison switch
        {
            Comparison.AtMost => passed
                ? ($"{criterion.LabelTh} {value} ไม่เกินเกณฑ์ {limit}", $"{criterion.LabelEn} {value} is at most the limit {limit}")
                : ($"{criterion.LabelTh} {value} เกินเกณฑ์ {limit}", $"{criterion.LabelEn} {value} is over the limit {limit}"),
            Comparison.Below => passed
                ? ($"{criterion.LabelTh} {value} ต่ำกว่าเกณฑ์ {limit}", $"{criterion.LabelEn} {value} is below the limit {limit}")
                : ($"{criterion.LabelTh} {value} ไม่ต่ำกว่าเกณฑ์ {limit}", $"{criterion.LabelEn} {value} is not below the limit {limit}"),
            Comparison.MinAge => passed
                ? ($"อายุ {value} ปีเต็ม ณ {ruleset.ReferenceDate:yyyy-MM-dd} ไม่ต่ำกว่า {limit} ปี", $"aged {value} full years on {ruleset.ReferenceDate:yyyy-MM-dd}, at least {limit}")
                : ($"อายุ {value} ปีเต็ม ณ {ruleset.ReferenceDate:yyyy-MM-dd} ต่ำกว่า {limit} ปี", $"aged {value} full years on {ruleset.ReferenceDate:yyyy-MM-dd}, under {limit}"),
            _ => passed
                ? ($"{criterion.LabelTh}: {result.ValueText ?? value} ตรงตามที่กำหนด ({result.LimitText ?? limit})", $"{criterion.LabelEn}: {result.ValueText ?? value} as required ({result.LimitText ?? limit})")
                : ($"{criterion.LabelTh}: {result.ValueText ?? value} ไม่ตรงตามที่กำหนด ({result.LimitText ?? limit})", $"{criterion.LabelEn}: {result.ValueText ?? value}, required {result.LimitText ?? limit}"),
        };
    }

    private static (string Th, string En) Provenance(CriterionResult result)
    {
        if (result.Defaulted)
        {
            return ("; ไม่มีหลักฐานจากแหล่งใด นับเป็น " + Format(result.Value), "; no evidence from any source, counted as " + Format(result.Value));
        }

        var asOf = result.AsOf?.ToString("yyyy-MM-dd", Numbers);
        return result.Members is { } members
            ? ($" (เฉลี่ยจาก {members} คนในครัวเรือน, {result.Fact}, ข้อมูลเก่าสุด ณ {asOf})", $" (mean over {members} household members, {result.Fact}, oldest as of {asOf})")
            : ($" ({result.Fact} จาก {result.Source} ณ {asOf})", $" ({result.Fact} from {result.Source} as of {asOf})");
    }

    private static string Format(decimal? number) =>
        number is { } n ? (n == decimal.Truncate(n) ? n.ToString("#,0", Numbers) : n.ToString("#,0.00", Numbers)) : "-";
}
