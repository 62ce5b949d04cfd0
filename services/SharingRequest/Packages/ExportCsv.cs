using System.Text;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// Reads an owning service's export (CSV with a header; by its contract no value is quoted or holds
/// a comma) line by line and hands each row, in the package's field order and with its pids
/// re-keyed, to the package writer. A row that breaks the contract stops the build with its number.
/// </summary>
public static class ExportCsv
{
    public static async Task<long> CopyAsync(
        Stream export, IReadOnlyList<string> fields, PidRekeyer pids, PackageTableWriter writer, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(export, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var header = await reader.ReadLineAsync(cancellationToken) ?? throw new FormatException("The export is empty: it has no header.");
        var names = header.Split(',');
        var positions = fields.Select(f => Array.IndexOf(names, f)).ToArray();
        if (positions.Contains(-1))
        {
            throw new FormatException($"The export's header '{header}' lacks {string.Join(", ", fields.Where((_, i) => positions[i] < 0))}.");
        }

        var rekeyed = fields.Select(PackageSources.PidFields.Contains).ToArray();
        var cells = new string?[fields.Count];
        long row = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            row++;
            var values = line.Split(',');
            if (values.Length != names.Length || line.Contains('"', StringComparison.Ordinal))
            {
                throw new FormatException($"Row {row} of the export has {values.Length} values for {names.Length} columns or a quote; the export contract has neither.");
            }

            for (var i = 0; i < cells.Length; i++)
            {
                var value = values[positions[i]];
                cells[i] = rekeyed[i] && value.Length > 0 ? pids.Rekey(value) : value;
            }

            await writer.AddAsync(cells, cancellationToken);
        }

        return row;
    }
}
