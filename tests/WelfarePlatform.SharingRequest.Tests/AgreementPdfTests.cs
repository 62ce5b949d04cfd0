using Shouldly;
using UglyToad.PdfPig;
using WelfarePlatform.SharingRequest.Agreements;
using static WelfarePlatform.SharingRequest.Tests.TestCatalog;

namespace WelfarePlatform.SharingRequest.Tests;

/// <summary>The PDF agreement, read back with PdfPig. Needs Debian's fonts-tlwg-loma-ttf (dev/install-fonts.sh): without it this fails, naming the package.</summary>
public sealed class AgreementPdfTests
{
    [Fact]
    public void The_pdf_parses_and_carries_every_clause_heading_and_the_request()
    {
        AgreementFont.Install(null);
        var longPurpose = string.Concat(Enumerable.Repeat("ศึกษาความยากจนรายจังหวัดเพื่อวางแผนสวัสดิการ", 40)) + " and poverty mapping";
        var pdf = AgreementPdf.Render(AgreementRendererTests.Approved("nso", longPurpose), A3, AgreementRendererTests.Clauses, Datasets.Values.ToList());

        using var document = PdfDocument.Open(pdf);
        document.NumberOfPages.ShouldBeGreaterThanOrEqualTo(2, "a long Thai purpose wraps onto a second page");
        var text = string.Join("\n", document.GetPages().Select(p => p.Text));
        text.ShouldContain("Definitions");
        text.ShouldContain("Scope and purpose");
        text.ShouldContain("Datasets");
        text.ShouldContain("poverty mapping");
        text.ShouldContain("Recipient\" means nso.");
        text.ShouldContain("registry.applicants.card_holder");
        text.ShouldContain("somchai");
        // Thai headings come back as the same code points (PDFsharp writes a ToUnicode map), even where shaping is imperfect.
        text.ShouldContain("ขอบเขตและวัตถุประสงค์");
        text.ShouldContain("ชุดข้อมูล");
        text.ShouldNotContain("{agency}");
    }
}
