using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Catalog;
using WelfarePlatform.SharingRequest.Requests;

namespace WelfarePlatform.SharingRequest.Agreements;

/// <summary>
/// The agreement as a PDF (A4, Thai then English under each clause heading), with the same clauses,
/// values and dataset list as the HTML. PDFsharp draws glyphs without OpenType shaping, so Thai
/// vowel and tone marks may sit less well than in a browser; the HTML stays the reference text.
/// Lines are wrapped by measuring: at spaces, and inside long Thai runs (Thai puts no space between
/// words) between text elements, so a combining mark never leaves its base letter.
/// </summary>
public static class AgreementPdf
{
    private const double Margin = 50;

    public static byte[] Render(SharingRequestView request, ActivityClass activityClass, IReadOnlyList<AgreementClause> clauses, IReadOnlyList<Dataset> datasets)
    {
        AgreementFont.EnsureAvailable();
        var values = AgreementRenderer.Placeholders(request, activityClass);
        using var document = new PdfDocument();
        document.Info.Title = $"Data sharing agreement {request.RequestId}";
        var writer = new PageWriter(document);
        writer.Paragraph("ข้อตกลงการแบ่งปันข้อมูล / Data sharing agreement", writer.Title);
        writer.Paragraph($"คำขอ / Request {request.RequestId} · {activityClass.Code} {activityClass.NameTh} / {activityClass.NameEn} · approved " +
            (request.DecidedAt ?? request.SubmittedAt).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), writer.Body);

        var number = 0;
        foreach (var clause in clauses)
        {
            number++;
            writer.Paragraph($"{number}. {clause.TitleTh} / {clause.TitleEn}", writer.Heading);
            writer.Paragraph(AgreementRenderer.Fill(clause.BodyTh, values, encode: false), writer.Body);
            writer.Paragraph(AgreementRenderer.Fill(clause.BodyEn, values, encode: false), writer.Body);
            if (clause.Code == "datasets")
            {
                foreach (var requested in request.Datasets)
                {
                    var dataset = datasets.FirstOrDefault(d => d.DatasetId == requested.DatasetId);
                    foreach (var name in requested.Fields ?? [])
                    {
                        var field = dataset?.Fields.FirstOrDefault(f => f.Name == name);
                        writer.Paragraph($"• {requested.DatasetId}.{name}: {field?.MeaningTh} / {field?.MeaningEn} ({field?.Classification}{(field?.Personal == true ? ", personal" : "")})", writer.Body);
                    }
                }
            }
        }

        writer.Paragraph("ลงนาม / Signatures", writer.Heading);
        writer.Paragraph($"ผู้ให้ข้อมูล / Provider: Ministry of Finance, Office of the Permanent Secretary", writer.Body);
        writer.Paragraph($"ผู้รับข้อมูล / Recipient: {request.Agency}", writer.Body);
        foreach (var approval in request.Transitions.Where(t => t.Decision == ApprovalChain.Approve))
        {
            writer.Paragraph($"{approval.Role}: {approval.Actor}, {approval.At.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}", writer.Body);
        }

        writer.Dispose();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>Draws wrapped paragraphs top to bottom, adding A4 pages as they fill.</summary>
    private sealed class PageWriter(PdfDocument document) : IDisposable
    {
        public readonly XFont Title = new(AgreementFont.Family, 16, XFontStyleEx.Bold);
        public readonly XFont Heading = new(AgreementFont.Family, 12, XFontStyleEx.Bold);
        public readonly XFont Body = new(AgreementFont.Family, 10, XFontStyleEx.Regular);
        private XGraphics? graphics;
        private PdfPage? page;
        private double y;

        public void Paragraph(string text, XFont font)
        {
            var lineHeight = font.GetHeight() * 1.35;
            foreach (var line in Wrap(text, font))
            {
                if (graphics is null || y + lineHeight > page!.Height.Point - Margin)
                {
                    NewPage();
                }

                graphics!.DrawString(line, font, XBrushes.Black, new XPoint(Margin, y), XStringFormats.TopLeft);
                y += lineHeight;
            }

            y += lineHeight * 0.4;
        }

        public void Dispose() => graphics?.Dispose();

        private void NewPage()
        {
            graphics?.Dispose();
            page = document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            graphics = XGraphics.FromPdfPage(page);
            y = Margin;
        }

        private IEnumerable<string> Wrap(string text, XFont font)
        {
            var width = (page?.Width.Point ?? XUnit.FromMillimeter(210).Point) - 2 * Margin;
            var measure = graphics ?? XGraphics.CreateMeasureContext(new XSize(width, 1000), XGraphicsUnit.Point, XPageDirection.Downwards);
            var line = "";
            foreach (var word in text.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (measure.MeasureString(candidate, font).Width <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    yield return line;
                }

                // A word wider than the line (a Thai sentence): cut between text elements.
                line = "";
                var elements = StringInfo.GetTextElementEnumerator(word);
                while (elements.MoveNext())
                {
                    var next = line + elements.GetTextElement();
                    if (line.Length > 0 && measure.MeasureString(next, font).Width > width)
                    {
                        yield return line;
                        next = elements.GetTextElement();
                    }

                    line = next;
                }
            }

            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }
}
