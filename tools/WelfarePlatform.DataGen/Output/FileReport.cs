namespace WelfarePlatform.DataGen.Output;

/// <summary>What was written to one file: an entry of manifest.json and a line of the console summary.</summary>
/// <param name="File">File name, relative to the output folder.</param>
/// <param name="Kind">registrations, evidence, payments, covid-cases or disasters.</param>
/// <param name="Source">The <c>source</c> to post a batch file under; null for feeds.</param>
/// <param name="Charset">The charset to declare when posting it.</param>
/// <param name="Rows">Data rows (header excluded) or JSON array elements.</param>
/// <param name="FaultRows">Rows deliberately bad, listed in <paramref name="FaultsFile"/>.</param>
/// <param name="FaultsByReason">Bad rows by FORMATS.md reason code.</param>
/// <param name="FaultsFile">The fault manifest next to the file, when faults were asked for.</param>
/// <param name="Bytes">Size of the file.</param>
internal sealed record FileReport(
    string File,
    string Kind,
    string? Source,
    string Charset,
    long Rows,
    long FaultRows,
    IReadOnlyDictionary<string, long> FaultsByReason,
    string? FaultsFile,
    long Bytes)
{
    public long ValidRows => Rows - FaultRows;
}
