using WelfarePlatform.DataGen.Output;

namespace WelfarePlatform.DataGen.Evidence;

/// <summary>
/// One agency that sends evidence, and the habits of its files: column order, header case, line
/// ending and date spelling differ by agency, all within what FORMATS.md accepts.
/// </summary>
internal sealed record EvidenceSource(
    string Code,
    EvidenceType[] Types,
    EvidenceColumn[] Columns,
    bool UpperCaseHeader,
    bool CrLf,
    DateStyle DateStyle,
    Func<DateOnly, DateOnly> AsOfFor)
{
    public string FileName => $"evidence-{Code}.csv";

    public int ColumnIndex(EvidenceColumn column) => Array.IndexOf(Columns, column);

    public string[] HeaderNames => [.. Columns.Select(column =>
    {
        var name = column switch
        {
            EvidenceColumn.NationalId => "national_id",
            EvidenceColumn.TypeName => "evidence_type",
            EvidenceColumn.Value => "value",
            EvidenceColumn.AsOf => "as_of",
            _ => "land_office",
        };
        return UpperCaseHeader ? name.ToUpperInvariant() : name;
    })];
}
