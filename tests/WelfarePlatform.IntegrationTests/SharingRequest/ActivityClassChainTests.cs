using System.Net;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.SharingRequest;

/// <summary>
/// Each activity class through its approval chain against the real service and PostgreSQL: checks on
/// submission, approval at once for A1 and A2, each role in its turn for A3–A5, refusals, revocation,
/// the agreement, and the catalog the requests name.
/// </summary>
public sealed class ActivityClassChainTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private ServiceHost<SharingRequestApp> host = null!;
    private SharingClient sharing = null!;

    public async ValueTask InitializeAsync()
    {
        host = new(await TestPlatform.SettingsAsync(infrastructure, "sharing_chain", "sharingdb"));
        sharing = new(host);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_catalog_is_searchable_in_thai_and_english_and_describes_every_field()
    {
        var byThai = (await sharing.GetAsync(Roles.Agency, "/api/catalog/datasets?q=" + Uri.EscapeDataString("เลขประจำตัวประชาชน"))).AsArray();
        byThai.Select(d => d!["datasetId"]!.GetValue<string>()).ShouldBe(["registry.applicants", "registry.evidence", "registry.payments"], ignoreOrder: true);

        var byEnglish = (await sharing.GetAsync(Roles.Analyst, "/api/catalog/datasets?q=COVID")).AsArray();
        byEnglish.Select(d => d!["datasetId"]!.GetValue<string>()).ShouldContain("external.covid_cases");

        var all = (await sharing.GetAsync(Roles.Steward, "/api/catalog/datasets")).AsArray();
        all.Count.ShouldBeGreaterThanOrEqualTo(11);

        var applicants = await sharing.GetAsync(Roles.Agency, "/api/catalog/datasets/registry.applicants");
        applicants["owner"]!.GetValue<string>().ShouldContain("Ministry of Finance");
        var nationalId = applicants["fields"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "national_id")!;
        nationalId["classification"]!.GetValue<string>().ShouldBe("secret");
        nationalId["personal"]!.GetValue<bool>().ShouldBeTrue();
        nationalId["meaningTh"]!.GetValue<string>().ShouldContain("เลขประจำตัวประชาชน");

        var unknown = await sharing.GetAsync(Roles.Agency, "/api/catalog/datasets/registry.pets", HttpStatusCode.NotFound);
        unknown["detail"]!.GetValue<string>().ShouldContain("registry.pets");
    }

    [Fact]
    public async Task A1_that_passes_every_check_is_approved_at_once_and_has_its_agreement()
    {
        var request = await sharing.SubmitAsync(SharingClient.Request("A1", "dashboard.targeted", ["province_code", "registrants", "inclusion_errors"], legalBasis: null));
        request.State().ShouldBe("approved");
        request.ToStates().ShouldBe(["awaiting_steward", "approved"]);
        request["transitions"]![1]!["actor"]!.GetValue<string>().ShouldBe("system");

        var agreement = await sharing.GetTextAsync(Roles.Agency, $"/api/requests/{request.Id()}/agreement");
        agreement.Status.ShouldBe(HttpStatusCode.OK);
        agreement.ContentType.ShouldBe("text/html");
        agreement.Body.ShouldContain("ข้อตกลงการแบ่งปันข้อมูล");
        agreement.Body.ShouldContain("Scope and purpose");
        agreement.Body.ShouldContain("<code>inclusion_errors</code>");

        await sharing.DecideAsync(request.Id(), Roles.Steward, "approve", expected: HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A1_refuses_personal_fields_at_once_with_the_reason()
    {
        var problem = await sharing.SubmitAsync(SharingClient.Request("A1", "registry.applicants", ["province_code", "card_holder"]), HttpStatusCode.UnprocessableEntity);
        problem.FailureCodes().ShouldBe(["PERSONAL_FIELD_NOT_ALLOWED", "PERSONAL_FIELD_NOT_ALLOWED"]);
        problem["detail"]!.GetValue<string>().ShouldContain("registry.applicants.card_holder");
    }

    [Fact]
    public async Task A2_verification_is_approved_at_once_and_may_release_only_yes_no_fields()
    {
        var request = await sharing.SubmitAsync(SharingClient.Request("A2", "registry.applicants", ["card_holder"]));
        request.State().ShouldBe("approved");

        var problem = await sharing.SubmitAsync(SharingClient.Request("A2", "registry.applicants", ["card_holder", "pid"]), HttpStatusCode.UnprocessableEntity);
        problem.FailureCodes().ShouldBe(["FIELD_NOT_RELEASED_BY_CLASS"]);
        var noBasis = await sharing.SubmitAsync(SharingClient.Request("A2", "registry.applicants", ["card_holder"], legalBasis: null), HttpStatusCode.UnprocessableEntity);
        noBasis.FailureCodes().ShouldBe(["MISSING_LEGAL_BASIS"]);
    }

    [Fact]
    public async Task A3_waits_for_the_steward_then_the_dpo_and_can_be_revoked()
    {
        var request = await sharing.SubmitAsync(SharingClient.Request("A3", "registry.applicants", ["pid", "province_code", "card_holder"], "s24(1)", 365));
        request.State().ShouldBe("awaiting_steward");
        request["awaitingRole"]!.GetValue<string>().ShouldBe("steward");
        var id = request.Id();

        (await sharing.GetTextAsync(Roles.Agency, $"/api/requests/{id}/agreement")).Status.ShouldBe(HttpStatusCode.Conflict);
        var outOfOrder = await sharing.DecideAsync(id, Roles.Dpo, "approve", expected: HttpStatusCode.Conflict);
        outOfOrder["detail"]!.GetValue<string>().ShouldContain("steward");
        await sharing.DecideAsync(id, Roles.Approver, "approve", expected: HttpStatusCode.Forbidden);
        await sharing.DecideAsync(id, Roles.Agency, "approve", expected: HttpStatusCode.Forbidden);

        (await sharing.DecideAsync(id, Roles.Steward, "approve")).State().ShouldBe("awaiting_dpo");
        var approved = await sharing.DecideAsync(id, Roles.Dpo, "approve");
        approved.State().ShouldBe("approved");
        approved["decidedAt"].ShouldNotBeNull();

        var agreement = await sharing.GetTextAsync(Roles.Agency, $"/api/requests/{id}/agreement");
        agreement.Status.ShouldBe(HttpStatusCode.OK);
        foreach (var title in new[] { "Definitions", "Scope and purpose", "Datasets", "Representations, warranties and undertakings", "Conditions of use",
                     "Roles and duties", "Duration, amendment and changes", "Termination", "Ownership and disclosure", "Dispute resolution",
                     "Security measures", "Breach and penalties", "Appointment of a data steward", "การแต่งตั้งผู้ดูแลข้อมูล" })
        {
            agreement.Body.ShouldContain(title);
        }

        var revoked = await sharing.RevokeAsync(id, Roles.Dpo, "The agency reported a breach");
        revoked.State().ShouldBe("revoked");
        revoked.ToStates().ShouldBe(["awaiting_steward", "awaiting_dpo", "approved", "revoked"]);
        (await sharing.GetTextAsync(Roles.Agency, $"/api/requests/{id}/agreement")).Status.ShouldBe(HttpStatusCode.Conflict);
        await sharing.RevokeAsync(id, Roles.Dpo, "again", HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A3_refuses_national_ids_and_a_retention_past_its_limit()
    {
        var problem = await sharing.SubmitAsync(SharingClient.Request("A3", "registry.applicants", ["pid", "national_id"], "s24(1)", 731), HttpStatusCode.UnprocessableEntity);
        problem.FailureCodes().ShouldBe(["DIRECT_IDENTIFIER_NOT_ALLOWED", "RETENTION_TOO_LONG"]);
    }

    [Fact]
    public async Task A4_needs_steward_approver_and_dpo_in_turn_each_a_different_person()
    {
        var request = await sharing.SubmitAsync(SharingClient.Request("A4", "registry.applicants", ["national_id", "first_name", "last_name", "card_holder"], "PDPA s.24(4)", 180));
        var id = request.Id();
        request["legalBasis"]!.GetValue<string>().ShouldBe("s24(4)");

        (await sharing.DecideAsync(id, Roles.Steward, "approve", subject: "somchai")).State().ShouldBe("awaiting_approver");
        await sharing.DecideAsync(id, Roles.Approver, "approve", subject: "somchai", expected: HttpStatusCode.Conflict);
        (await sharing.DecideAsync(id, Roles.Approver, "approve", subject: "malee")).State().ShouldBe("awaiting_dpo");
        var approved = await sharing.DecideAsync(id, Roles.Dpo, "approve", subject: "niran");
        approved.State().ShouldBe("approved");
        approved["transitions"]!.AsArray().Select(t => t!["role"]!.GetValue<string>()).ShouldBe(["agency", "steward", "approver", "dpo"]);
    }

    [Fact]
    public async Task A4_refused_by_the_approver_stays_refused_with_its_reason()
    {
        var id = (await sharing.SubmitAsync(SharingClient.Request("A4", "registry.applicants", ["national_id", "card_holder"]))).Id();
        await sharing.DecideAsync(id, Roles.Steward, "approve");
        await sharing.DecideAsync(id, Roles.Approver, "refuse", expected: HttpStatusCode.UnprocessableEntity);
        var refused = await sharing.DecideAsync(id, Roles.Approver, "refuse", "The service can be delivered with A2 verification instead");
        refused.State().ShouldBe("refused");
        refused["transitions"]![2]!["reason"]!.GetValue<string>().ShouldContain("A2 verification");

        await sharing.DecideAsync(id, Roles.Dpo, "approve", expected: HttpStatusCode.Conflict);
        (await sharing.GetTextAsync(Roles.Agency, $"/api/requests/{id}/agreement")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await sharing.GetAsync(Roles.Agency, $"/api/requests/{id}")).AsObject().State().ShouldBe("refused");
    }

    [Fact]
    public async Task A4_without_a_legal_basis_is_refused_on_submission()
    {
        var problem = await sharing.SubmitAsync(SharingClient.Request("A4", "registry.applicants", ["national_id"], legalBasis: null), HttpStatusCode.UnprocessableEntity);
        problem.FailureCodes().ShouldBe(["MISSING_LEGAL_BASIS"]);
        problem["status"]!.GetValue<int>().ShouldBe(422);
    }

    [Fact]
    public async Task A5_open_data_is_decided_by_the_steward_and_releases_public_fields_only()
    {
        var approved = await sharing.SubmitAsync(SharingClient.Request("A5", "external.covid_cases", ["province_code", "day", "new_case"], legalBasis: null, retentionDays: 36500));
        approved.State().ShouldBe("awaiting_steward");
        (await sharing.DecideAsync(approved.Id(), Roles.Steward, "approve")).State().ShouldBe("approved");

        var refused = await sharing.SubmitAsync(SharingClient.Request("A5", "dashboard.disbursement", ["province_code", "program"], legalBasis: null));
        (await sharing.DecideAsync(refused.Id(), Roles.Steward, "refuse", "Disbursement is published monthly by the ministry already")).State().ShouldBe("refused");

        var problem = await sharing.SubmitAsync(SharingClient.Request("A5", "dashboard.disbursement", ["amount"], legalBasis: null), HttpStatusCode.UnprocessableEntity);
        problem.FailureCodes().ShouldBe(["CLASSIFICATION_NOT_ALLOWED"]);
    }

    [Fact]
    public async Task An_agency_sees_only_its_own_requests()
    {
        var id = (await sharing.SubmitAsync(SharingClient.Request("A1", "dashboard.targeted", ["registrants"], legalBasis: null), agency: "nso")).Id();
        (await sharing.GetAsync(Roles.Agency, $"/api/requests/{id}", subject: "nso"))["agency"]!.GetValue<string>().ShouldBe("nso");
        await sharing.GetAsync(Roles.Agency, $"/api/requests/{id}", HttpStatusCode.NotFound, subject: "dopa");
        (await sharing.GetAsync(Roles.Agency, "/api/requests", subject: "dopa")).AsArray().ShouldBeEmpty();
        (await sharing.GetAsync(Roles.Steward, "/api/requests")).AsArray().Select(r => r!["requestId"]!.GetValue<Guid>()).ShouldContain(id);
    }

    [Fact]
    public async Task An_unknown_class_or_request_is_a_problem_not_a_crash()
    {
        var problem = await sharing.SubmitAsync(SharingClient.Request("A9", "dashboard.targeted", ["registrants"]), HttpStatusCode.UnprocessableEntity);
        problem.FailureCodes().ShouldBe(["UNKNOWN_ACTIVITY_CLASS"]);
        await sharing.DecideAsync(Guid.NewGuid(), Roles.Steward, "approve", expected: HttpStatusCode.NotFound);
        await sharing.GetAsync(Roles.Steward, $"/api/requests/{Guid.NewGuid()}", HttpStatusCode.NotFound);
    }
}
