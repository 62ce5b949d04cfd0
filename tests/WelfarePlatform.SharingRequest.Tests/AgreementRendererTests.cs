using Shouldly;
using WelfarePlatform.SharingRequest.Agreements;
using WelfarePlatform.SharingRequest.Requests;
using static WelfarePlatform.SharingRequest.Tests.TestCatalog;

namespace WelfarePlatform.SharingRequest.Tests;

public sealed class AgreementRendererTests
{
    internal static readonly AgreementClause[] Clauses =
    [
        new("definitions", "Definitions", "คำนิยาม", "\"Recipient\" means {agency}.", "\"ผู้รับข้อมูล\" หมายถึง {agency}"),
        new("scope_purpose", "Scope and purpose", "ขอบเขตและวัตถุประสงค์", "Class {class}, for {purpose}; basis {legal_basis}.", "ประเภท {class} เพื่อ {purpose}"),
        new("datasets", "Datasets", "ชุดข้อมูล", "Covering {period}, kept {retention}.", "ช่วงเวลา {period}"),
    ];

    internal static SharingRequestView Approved(string agency, string purpose) => new(
        Guid.Parse("0193a1c2-0000-7000-8000-000000000002"), agency, "A3", RequestStates.Approved, null,
        [new RequestedDataset("registry.applicants", ["pid", "card_holder"])], purpose, "s24(1)",
        new DateOnly(2022, 9, 1), new DateOnly(2022, 12, 31), 365, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
        [new RequestTransition(2, DateTimeOffset.UnixEpoch, "awaiting_steward", "awaiting_dpo", "somchai", "steward", "approve", null)]);

    [Fact]
    public void The_agreement_carries_every_clause_in_thai_and_english_with_the_request_filled_in()
    {
        var html = AgreementRenderer.Render(Approved("nso", "poverty mapping"), A3, Clauses, Datasets.Values.ToList());

        html.ShouldContain("คำนิยาม");
        html.ShouldContain("Definitions");
        html.ShouldContain("ขอบเขตและวัตถุประสงค์");
        html.ShouldContain("&quot;Recipient&quot; means nso.");
        html.ShouldContain("for poverty mapping");
        html.ShouldContain("research or statistics");
        html.ShouldContain("2022-09-01 – 2022-12-31");
        html.ShouldContain("365 days");
        html.ShouldContain("<code>card_holder</code>");
        html.ShouldContain("somchai");
        html.ShouldNotContain("{agency}");
    }

    [Fact]
    public void Values_from_the_request_are_html_encoded()
    {
        var html = AgreementRenderer.Render(Approved("<script>alert(1)</script>", "x & y"), A3, Clauses, Datasets.Values.ToList());
        html.ShouldNotContain("<script>");
        html.ShouldContain("&lt;script&gt;");
        html.ShouldContain("x &amp; y");
    }
}
