using System.Globalization;
using System.Text;

namespace WelfarePlatform.DataGen.Faults;

/// <summary>
/// The manifest of one file's bad rows, <c>&lt;file&gt;.faults.csv</c>:
/// <c>row_number,reason_code,detail</c>, row_number counting data rows from 1 (header excluded),
/// the reason being the first rule of FORMATS.md the row breaks.
/// </summary>
internal sealed class FaultLog : IDisposable
{
    private readonly StreamWriter? writer;

    public FaultLog(string? path)
    {
        if (path is not null)
        {
            writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
            writer.WriteLine("row_number,reason_code,detail");
        }
    }

    public SortedDictionary<string, long> CountsByReason { get; } = new(StringComparer.Ordinal);

    public long Count { get; private set; }

    public void Record(long rowNumber, ReasonCode reason, string detail)
    {
        Count++;
        var code = reason.ToCode();
        CountsByReason[code] = CountsByReason.GetValueOrDefault(code) + 1;
        writer?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rowNumber},{code},\"{detail.Replace("\"", "\"\"", StringComparison.Ordinal)}\""));
    }

    public void Dispose() => writer?.Dispose();
}
