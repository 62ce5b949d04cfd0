using System.Globalization;
using System.Net;
using System.Text;
using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Catalog;
using WelfarePlatform.SharingRequest.Requests;

namespace WelfarePlatform.SharingRequest.Agreements;

/// <summary>
/// Fills the agreement template for one approved request: every clause its class needs, in Thai and
/// English side by side, with the datasets and fields listed under the datasets clause. Every value
/// from the request is HTML-encoded.
/// </summary>
public static class AgreementRenderer
{
    public static string Render(SharingRequestView request, ActivityClass activityClass, IReadOnlyList<AgreementClause> clauses, IReadOnlyList<Dataset> datasets)
    {
        var values = Placeholders(request, activityClass);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"th\">\n<head><meta charset=\"utf-8\"><title>Data sharing agreement ")
            .Append(request.RequestId).Append("</title>\n")
            .Append("<style>body{font-family:'Sarabun','Noto Sans Thai',sans-serif;max-width:60rem;margin:2rem auto}")
            .Append(".clause{display:grid;grid-template-columns:1fr 1fr;gap:2rem}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem}</style>\n</head>\n<body>\n")
            .Append("<h1>ข้อตกลงการแบ่งปันข้อมูล<br><span lang=\"en\">Data sharing agreement</span></h1>\n")
            .Append("<p>คำขอ / Request <code>").Append(E(request.RequestId.ToString())).Append("</code> · ")
            .Append(E(activityClass.Code)).Append(' ').Append(E(activityClass.NameTh)).Append(" / <span lang=\"en\">").Append(E(activityClass.NameEn)).Append("</span> · ")
            .Append("approved ").Append(E(Day(request.DecidedAt ?? request.SubmittedAt))).Append("</p>\n");

        var number = 0;
        foreach (var clause in clauses)
        {
            number++;
            html.Append("<section class=\"clause\" id=\"").Append(E(clause.Code)).Append("\">\n")
                .Append("<div><h2>").Append(number).Append(". ").Append(E(clause.TitleTh)).Append("</h2><p>").Append(Fill(clause.BodyTh, values)).Append("</p></div>\n")
                .Append("<div lang=\"en\"><h2>").Append(number).Append(". ").Append(E(clause.TitleEn)).Append("</h2><p>").Append(Fill(clause.BodyEn, values)).Append("</p></div>\n")
                .Append("</section>\n");
            if (clause.Code == "datasets")
            {
                AppendDatasets(html, request, datasets);
            }
        }

        html.Append("<section><h2>ลงนาม / <span lang=\"en\">Signatures</span></h2>\n<table>")
            .Append("<tr><th>ผู้ให้ข้อมูล / Provider</th><td>Ministry of Finance, Office of the Permanent Secretary</td></tr>")
            .Append("<tr><th>ผู้รับข้อมูล / Recipient</th><td>").Append(E(request.Agency)).Append("</td></tr>");
        foreach (var approval in request.Transitions.Where(t => t.Decision == ApprovalChain.Approve))
        {
            html.Append("<tr><th>").Append(E(approval.Role)).Append("</th><td>").Append(E(approval.Actor)).Append(", ").Append(E(approval.At.UtcDateTime.ToString("u", CultureInfo.InvariantCulture))).Append("</td></tr>");
        }

        return html.Append("</table></section>\n</body>\n</html>\n").ToString();
    }

    private static void AppendDatasets(StringBuilder html, SharingRequestView request, IReadOnlyList<Dataset> datasets)
    {
        html.Append("<table>\n<tr><th>ชุดข้อมูล / Dataset</th><th>รายการข้อมูล / Field</th><th>ความหมาย / Meaning</th><th>ชั้นความลับ / Classification</th><th>ข้อมูลส่วนบุคคล / Personal</th></tr>\n");
        foreach (var requested in request.Datasets)
        {
            var dataset = datasets.FirstOrDefault(d => d.DatasetId == requested.DatasetId);
            foreach (var name in requested.Fields ?? [])
            {
                var field = dataset?.Fields.FirstOrDefault(f => f.Name == name);
                html.Append("<tr><td>").Append(E(requested.DatasetId ?? "")).Append("<br>").Append(E(dataset?.NameTh ?? "")).Append("</td><td><code>").Append(E(name))
                    .Append("</code></td><td>").Append(E(field?.MeaningTh ?? "")).Append("<br><span lang=\"en\">").Append(E(field?.MeaningEn ?? "")).Append("</span></td><td>")
                    .Append(E(field?.Classification ?? "")).Append("</td><td>").Append(field?.Personal == true ? "ใช่ / yes" : "ไม่ใช่ / no").Append("</td></tr>\n");
            }
        }

        html.Append("</table>\n");
    }

    internal static Dictionary<string, string> Placeholders(SharingRequestView request, ActivityClass activityClass) => new()
    {
        ["{agency}"] = request.Agency,
        ["{purpose}"] = request.Purpose,
        ["{class}"] = $"{activityClass.Code} ({activityClass.NameEn}; {activityClass.ReleaseForm})",
        ["{legal_basis}"] = request.LegalBasis is { } basis ? LegalBases.Known.GetValueOrDefault(basis, basis) : "not required for this class (no personal data)",
        ["{period}"] = $"{request.PeriodFrom:yyyy-MM-dd} – {request.PeriodTo:yyyy-MM-dd}",
        ["{retention}"] = $"{request.RetentionDays} days / {request.RetentionDays} วัน",
        ["{request_id}"] = request.RequestId.ToString(),
    };

    /// <summary>Encodes the template text (for HTML), then puts the (encoded) values in place of the placeholders.</summary>
    internal static string Fill(string body, Dictionary<string, string> values, bool encode = true)
    {
        var filled = encode ? E(body) : body;
        foreach (var (placeholder, value) in values)
        {
            filled = filled.Replace(placeholder, encode ? E(value) : value, StringComparison.Ordinal);
        }

        return filled;
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
