using Shouldly;
using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Requests;
using static WelfarePlatform.SharingRequest.Tests.TestCatalog;

namespace WelfarePlatform.SharingRequest.Tests;

public sealed class RequestChecksTests
{
    private static IReadOnlyList<string> Codes(RequestDraft draft, ActivityClass activityClass) =>
        RequestChecks.Check(draft, activityClass, Datasets).Select(f => f.Code).ToList();

    [Fact]
    public void A1_grants_public_and_internal_aggregates_without_a_legal_basis()
    {
        Codes(Draft("A1", "dashboard.targeted", "province_code", "registrants", "inclusion_errors") with { LegalBasis = null }, A1).ShouldBeEmpty();
    }

    [Fact]
    public void A1_refuses_a_personal_field_and_says_which()
    {
        var failures = RequestChecks.Check(Draft("A1", "registry.applicants", "province_code"), A1, Datasets);
        failures.Select(f => f.Code).ShouldBe(["PERSONAL_FIELD_NOT_ALLOWED"]);
        failures[0].Detail.ShouldContain("registry.applicants.province_code");
    }

    [Fact]
    public void A2_releases_only_its_yes_no_fields()
    {
        Codes(Draft("A2", "registry.applicants", "card_holder"), A2).ShouldBeEmpty();
        Codes(Draft("A2", "registry.applicants", "card_holder", "pid"), A2).ShouldBe(["FIELD_NOT_RELEASED_BY_CLASS"]);
    }

    [Fact]
    public void A2_needs_a_legal_basis()
    {
        Codes(Draft("A2", "registry.applicants", "card_holder") with { LegalBasis = " " }, A2).ShouldBe(["MISSING_LEGAL_BASIS"]);
    }

    [Fact]
    public void A3_grants_pid_rows_and_refuses_national_ids_and_names()
    {
        Codes(Draft("A3", "registry.applicants", "pid", "province_code", "card_holder"), A3).ShouldBeEmpty();
        Codes(Draft("A3", "registry.applicants", "pid", "national_id", "first_name"), A3)
            .ShouldBe(["DIRECT_IDENTIFIER_NOT_ALLOWED", "DIRECT_IDENTIFIER_NOT_ALLOWED"]);
    }

    [Fact]
    public void A3_refuses_a_secret_field_that_is_no_identifier_by_its_classification()
    {
        Codes(Draft("A3", "registry.applicants", "disability") with { LegalBasis = "s26" }, A3).ShouldBe(["CLASSIFICATION_NOT_ALLOWED"]);
    }

    [Fact]
    public void A3_refuses_a_retention_longer_than_its_limit()
    {
        var failures = RequestChecks.Check(Draft("A3", "registry.applicants", "pid") with { RetentionDays = 731 }, A3, Datasets);
        failures.Select(f => f.Code).ShouldBe(["RETENTION_TOO_LONG"]);
        failures[0].Detail.ShouldContain("730");
        Codes(Draft("A3", "registry.applicants", "pid") with { RetentionDays = 730 }, A3).ShouldBeEmpty();
    }

    [Fact]
    public void A4_grants_identified_rows_with_a_legal_basis_and_refuses_them_without()
    {
        Codes(Draft("A4", "registry.applicants", "national_id", "first_name", "card_holder"), A4).ShouldBeEmpty();
        Codes(Draft("A4", "registry.applicants", "national_id") with { LegalBasis = null }, A4).ShouldBe(["MISSING_LEGAL_BASIS"]);
        Codes(Draft("A4", "registry.applicants", "national_id") with { LegalBasis = "because we want it" }, A4).ShouldBe(["UNKNOWN_LEGAL_BASIS"]);
    }

    [Theory]
    [InlineData("PDPA s.24(4)")]
    [InlineData("s.24 (6)")]
    [InlineData("24(4)")]
    [InlineData("S24(1)")]
    public void Legal_bases_are_recognised_however_they_are_written(string basis)
    {
        Codes(Draft("A4", "registry.applicants", "national_id") with { LegalBasis = basis }, A4).ShouldBeEmpty();
    }

    [Fact]
    public void Sensitive_data_needs_the_section_26_basis()
    {
        Codes(Draft("A4", "registry.applicants", "disability"), A4).ShouldBe(["SENSITIVE_NEEDS_S26"]);
        Codes(Draft("A4", "registry.applicants", "disability") with { LegalBasis = "s26" }, A4).ShouldBeEmpty();
    }

    [Fact]
    public void A5_releases_public_fields_only()
    {
        Codes(Draft("A5", "dashboard.targeted", "province_code", "registrants") with { LegalBasis = null, RetentionDays = 100_000 }, A5).ShouldBeEmpty();
        Codes(Draft("A5", "dashboard.targeted", "inclusion_errors"), A5).ShouldBe(["CLASSIFICATION_NOT_ALLOWED"]);
    }

    [Fact]
    public void Unknown_datasets_and_fields_are_named()
    {
        var failures = RequestChecks.Check(
            Draft("A3", "registry.applicants", "pid", "shoe_size") with { Datasets = [new("registry.applicants", ["pid", "shoe_size"]), new("registry.pets", ["name"])] },
            A3, Datasets);
        failures.Select(f => f.Code).ShouldBe(["UNKNOWN_FIELD", "UNKNOWN_DATASET"]);
        failures[0].Detail.ShouldContain("shoe_size");
        failures[1].Detail.ShouldContain("registry.pets");
    }

    [Fact]
    public void Every_missing_part_is_reported_at_once()
    {
        var failures = RequestChecks.Check(new RequestDraft("A4", null, "", null, new DateOnly(2022, 12, 31), new DateOnly(2022, 1, 1), null), A4, Datasets);
        failures.Select(f => f.Code).ShouldBe(["MISSING_PURPOSE", "NO_DATASETS", "MISSING_LEGAL_BASIS", "BAD_PERIOD", "MISSING_RETENTION"]);
    }

    [Fact]
    public void A_dataset_without_fields_or_named_twice_is_refused()
    {
        Codes(Draft("A3", "registry.applicants") , A3).ShouldBe(["NO_FIELDS"]);
        Codes(Draft("A3", "registry.applicants", "pid") with { Datasets = [new("registry.applicants", ["pid"]), new("registry.applicants", ["card_holder"])] }, A3)
            .ShouldBe(["DUPLICATE_DATASET"]);
    }
}
