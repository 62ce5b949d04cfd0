using System.Text;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>A row that broke a rule: its data-row number (header excluded, from 1), the first rule it broke and why.</summary>
internal sealed record RejectedRow(int RowNumber, string ReasonCode, string Detail, string Raw);

/// <summary>
/// A batch's rejected rows, spooled to a temporary file as they come and read back once, when they
/// are saved: a file whose rows are mostly bad (a wrong export, ten million rows) would otherwise
/// hold every bad row's text in memory, gigabytes. Only the counts stay in memory, and stay after
/// <see cref="Dispose"/> deletes the file.
/// </summary>
internal sealed class RejectedRows : IDisposable
{
    private readonly string spool = Path.Combine(Path.GetTempPath(), $"welfare-rejects-{Guid.NewGuid():N}.bin");
    private readonly Dictionary<string, int> byReason = new(StringComparer.Ordinal);
    private FileStream? file;
    private BinaryWriter? writer;

    public int Count { get; private set; }

    public void Add(RejectedRow reject)
    {
        if (writer is null)
        {
            file = new FileStream(spool, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            writer = new BinaryWriter(file, Encoding.UTF8, leaveOpen: true);
        }

        writer.Write(reject.RowNumber);
        writer.Write(reject.ReasonCode);
        writer.Write(reject.Detail);
        writer.Write(reject.Raw);
        byReason[reject.ReasonCode] = byReason.GetValueOrDefault(reject.ReasonCode) + 1;
        Count++;
    }

    /// <summary>Rejects per reason code, in code order.</summary>
    public Dictionary<string, int> ByReason() =>
        byReason.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>The rejects in the order they came (row order), read back from the spool.</summary>
    public IEnumerable<RejectedRow> ReadAll()
    {
        if (file is null)
        {
            yield break;
        }

        writer!.Flush();
        file.Position = 0;
        using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
        for (var i = 0; i < Count; i++)
        {
            yield return new RejectedRow(reader.ReadInt32(), reader.ReadString(), reader.ReadString(), reader.ReadString());
        }

        // Later rejects (none are added once saving starts) would be appended at the end.
        file.Seek(0, SeekOrigin.End);
    }

    /// <summary>Deletes the spool; the counts remain.</summary>
    public void Dispose()
    {
        writer?.Dispose();
        file?.Dispose();
        writer = null;
        file = null;
    }
}
