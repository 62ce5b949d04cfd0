using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Catalog;
using WelfarePlatform.SharingRequest.Requests;

namespace WelfarePlatform.SharingRequest.Tests;

/// <summary>The classes as 0003_activity_class_rules.sql seeds them, and a small catalog.</summary>
internal static class TestCatalog
{
    private static readonly string[] AllClauses = ["definitions", "scope_purpose", "datasets"];

    public static readonly ActivityClass A1 = new("A1", "Aggregate statistics", "สถิติภาพรวม", "suppressed aggregates", TimeSpan.FromMinutes(1),
        ["public", "internal"], false, false, null, false, 1825, ["steward"], true, AllClauses);
    public static readonly ActivityClass A2 = new("A2", "Verification", "การตรวจสอบ", "yes/no answers", TimeSpan.FromMinutes(1),
        ["public", "internal", "confidential"], true, false, ["registry.applicants.card_holder", "eligibility.determinations.outcome"], true, 90, ["steward"], true, AllClauses);
    public static readonly ActivityClass A3 = new("A3", "Research microdata", "ข้อมูลวิจัย", "pid-only rows", TimeSpan.FromDays(3),
        ["public", "internal", "confidential"], true, false, null, true, 730, ["steward", "dpo"], false, AllClauses);
    public static readonly ActivityClass A4 = new("A4", "Identified microdata", "ข้อมูลระบุตัวตน", "identified rows", TimeSpan.FromDays(5),
        ["public", "internal", "confidential", "secret"], true, true, null, true, 365, ["steward", "approver", "dpo"], false, AllClauses);
    public static readonly ActivityClass A5 = new("A5", "Open data", "ข้อมูลเปิด", "suppressed aggregates", TimeSpan.FromDays(1),
        ["public"], false, false, null, false, null, ["steward"], false, AllClauses);

    public static readonly IReadOnlyDictionary<string, Dataset> Datasets = new Dictionary<string, Dataset>
    {
        ["registry.applicants"] = Dataset("registry.applicants", "microdata",
            Field("national_id", "secret", personal: true, identifier: true),
            Field("first_name", "secret", personal: true, identifier: true),
            Field("pid", "confidential", personal: true),
            Field("province_code", "internal", personal: true),
            Field("card_holder", "confidential", personal: true),
            Field("disability", "secret", personal: true, sensitive: true)),
        ["dashboard.targeted"] = Dataset("dashboard.targeted", "aggregate",
            Field("province_code", "public"), Field("registrants", "public"), Field("inclusion_errors", "internal")),
        ["eligibility.determinations"] = Dataset("eligibility.determinations", "microdata",
            Field("pid", "confidential", personal: true), Field("outcome", "confidential", personal: true)),
    };

    public static RequestDraft Draft(string activityClass, string datasetId, params string[] fields) => new(
        activityClass, [new RequestedDataset(datasetId, fields)], "Plan the 2023 outreach of the welfare card", "s24(4)",
        new DateOnly(2022, 9, 1), new DateOnly(2022, 12, 31), 30);

    private static Dataset Dataset(string id, string granularity, params DatasetField[] fields) =>
        new(id, id, id, id, id, granularity, "Ministry of Finance", "steward", "daily", "test", fields);

    private static DatasetField Field(string name, string classification, bool personal = false, bool identifier = false, bool sensitive = false) =>
        new(name, "text", name, name, classification, personal, identifier, sensitive);
}
