using System.Text;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// Reads an owning service's export (CSV with a header; by its contract no value is quoted or holds
/// a comma) as UTF-8 bytes, 1 MiB at a time, and lays each row's cells, in the package's field order
/// and with its pids re-keyed, into the package writer's batches: no string is made per row or cell.
/// A row that breaks the contract stops the build with its number.
/// </summary>
public static class ExportCsv
{
    public static async Task<long> CopyAsync(
        Stream export, IReadOnlyList<string> fields, PidRekeyer pids, PackageTableWriter writer, CancellationToken cancellationToken)
    {
        var lines = new LineReader(fields, pids);
        var buffer = new byte[1 << 20];
        var (start, end, ended) = (0, 0, false);
        while (true)
        {
            while (true)
            {
                start += lines.Read(buffer.AsSpan(start, end - start), ended, writer.Current);
                if (!writer.Current.IsFull)
                {
                    break;
                }

                await writer.SendAsync(cancellationToken);
            }

            if (ended)
            {
                break;
            }

            // Keep the unfinished line at the front; a line longer than the whole buffer doubles it.
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            (end, start) = (end - start, 0);
            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await export.ReadAsync(buffer.AsMemory(end), cancellationToken);
            (end, ended) = (end + read, read == 0);
        }

        return lines.HasHeader ? lines.Rows : throw new FormatException("The export is empty: it has no header.");
    }

    /// <summary>Splits complete lines into cells; the first line is the header that places the package's fields.</summary>
    private sealed class LineReader(IReadOnlyList<string> fields, PidRekeyer pids)
    {
        private readonly bool[] rekeyed = fields.Select(PackageSources.PidFields.Contains).ToArray();
        private int[] positions = [];
        private (int Start, int Length)[] cells = [];
        private int width;

        public bool HasHeader { get; private set; }

        public long Rows { get; private set; }

        /// <summary>
        /// Takes whole lines (and, once the export has <paramref name="ended"/>, the last unterminated one)
        /// until the batch is full; answers the bytes used. The pids it took are enciphered before it
        /// returns, in one call.
        /// </summary>
        public int Read(ReadOnlySpan<byte> text, bool ended, RowBatch batch)
        {
            var used = 0;
            while (!batch.IsFull && used < text.Length)
            {
                var rest = text[used..];
                var newline = rest.IndexOf((byte)'\n');
                if (newline < 0 && !ended)
                {
                    break;
                }

                var line = newline < 0 ? rest : rest[..newline];
                used += newline < 0 ? rest.Length : newline + 1;
                if (line.EndsWith("\r"u8))
                {
                    line = line[..^1];
                }

                if (!HasHeader)
                {
                    Header(Encoding.UTF8.GetString(line));
                    continue;
                }

                Rows++;
                Row(line, batch);
            }

            pids.Seal(batch);
            return used;
        }

        private void Header(string header)
        {
            var names = header.Split(',');
            positions = fields.Select(f => Array.IndexOf(names, f)).ToArray();
            if (positions.Contains(-1))
            {
                throw new FormatException($"The export's header '{header}' lacks {string.Join(", ", fields.Where((_, i) => positions[i] < 0))}.");
            }

            (width, cells, HasHeader) = (names.Length, new (int, int)[names.Length], true);
        }

        private void Row(ReadOnlySpan<byte> line, RowBatch batch)
        {
            var values = line.Count((byte)',') + 1;
            if (values != width || line.Contains((byte)'"'))
            {
                throw new FormatException($"Row {Rows} of the export has {values} values for {width} columns or a quote; the export contract has neither.");
            }

            var start = 0;
            for (var i = 0; i < width; i++)
            {
                var comma = line[start..].IndexOf((byte)',');
                var length = comma < 0 ? line.Length - start : comma;
                cells[i] = (start, length);
                start += length + 1;
            }

            for (var i = 0; i < positions.Length; i++)
            {
                var (at, length) = cells[positions[i]];
                var value = line.Slice(at, length);
                if (rekeyed[i] && length > 0)
                {
                    if (!pids.TryAdd(value, batch))
                    {
                        throw new FormatException($"Row {Rows} of the export: {fields[i]} '{Encoding.UTF8.GetString(value[..Math.Min(length, 80)])}' is not a pid (64 hex characters).");
                    }
                }
                else
                {
                    batch.AddCell(value);
                }
            }

            batch.EndRow();
        }
    }
}
