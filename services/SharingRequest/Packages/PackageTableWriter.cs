using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Parquet;
using Parquet.Schema;
using WelfarePlatform.SharingRequest.Catalog;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// Writes one dataset of a package as CSV and Parquet at once. Rows arrive in <see cref="RowBatch"/>es of
/// UTF-8 cells; each batch goes through a bounded queue to a CSV writer and a Parquet writer that run
/// side by side (each on its own thread when the machine has the cores), so reading the export, the CSV
/// and the Parquet encoding overlap. Memory holds the queued batches and one Parquet row group of
/// <c>rowGroupSize</c> rows, whatever the number of rows. Parquet types follow the catalog: int,
/// numeric (decimal 16,2), boolean; everything else is a UTF-8 string.
/// </summary>
public sealed class PackageTableWriter : IAsyncDisposable
{
    /// <summary>
    /// Rows per Parquet row group. Larger groups made the encoder's large buffers outlive the young
    /// generation: at 250,000 rows the package code's peak working set rose from 266 MiB (1M rows) to
    /// 469 MiB (10M rows); at 65,536 it stays about 200 MiB and runs faster.
    /// </summary>
    public const int DefaultRowGroupSize = 65_536;

    /// <summary>Rows per batch, and batches each writer may fall behind the reader by: a few MiB in all.</summary>
    private const int BatchRows = 8192;
    private const int QueuedBatches = 8;

    private readonly int columns;
    private readonly Channel<RowBatch> toCsv = Channel.CreateBounded<RowBatch>(new BoundedChannelOptions(QueuedBatches) { SingleReader = true, SingleWriter = true });
    private readonly Channel<RowBatch> toParquet = Channel.CreateBounded<RowBatch>(new BoundedChannelOptions(QueuedBatches) { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentQueue<RowBatch> free = new();
    private readonly Task csvWriter;
    private readonly Task parquetWriter;
    private bool completed;

    private PackageTableWriter(IReadOnlyList<DatasetField> fields, Stream csvStream, ParquetTable parquet, CancellationToken cancellationToken)
    {
        columns = fields.Count;
        Current = new RowBatch(columns, BatchRows) { FirstRow = 1 };
        var header = Encoding.UTF8.GetBytes(string.Join(',', fields.Select(f => f.Name)) + "\n");
        csvWriter = Task.Run(() => RunAsync(toCsv, () => CsvWriter.WriteAsync(header, toCsv.Reader, csvStream, Release, cancellationToken)), cancellationToken);
        parquetWriter = Task.Run(() => RunAsync(toParquet, () => parquet.WriteAsync(toParquet.Reader, Release, cancellationToken)), cancellationToken);
    }

    /// <summary>Rows handed to the writers so far (the rows of <see cref="Current"/> not counted until it is sent).</summary>
    public long Rows { get; private set; }

    /// <summary>The batch being filled; once <see cref="RowBatch.IsFull"/>, hand it on with <see cref="SendAsync"/>.</summary>
    public RowBatch Current { get; private set; }

    public static async Task<PackageTableWriter> CreateAsync(
        IReadOnlyList<DatasetField> fields, Stream csvStream, Stream parquetStream, int rowGroupSize, CancellationToken cancellationToken)
    {
        var parquet = await ParquetTable.CreateAsync(fields, parquetStream, rowGroupSize, cancellationToken);
        return new PackageTableWriter(fields, csvStream, parquet, cancellationToken);
    }

    /// <summary>Adds one row of text cells (null or empty when missing); <paramref name="cells"/> may be reused by the caller.</summary>
    public ValueTask AddAsync(string?[] cells, CancellationToken cancellationToken)
    {
        foreach (var cell in cells)
        {
            var text = cell ?? "";
            Current.EndCell(Encoding.UTF8.GetBytes(text, Current.Reserve(Encoding.UTF8.GetMaxByteCount(text.Length))));
        }

        Current.EndRow();
        return Current.IsFull ? SendAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Hands the current batch to both writers and starts the next; waits while the writers are a full queue behind.</summary>
    public async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        var batch = Current;
        Rows += batch.Rows;
        batch.Share(2);
        try
        {
            await toCsv.Writer.WriteAsync(batch, cancellationToken);
            await toParquet.Writer.WriteAsync(batch, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            // A writer failed and closed its queue: stop the other one and surface the failure's own
            // error (a bad cell, a failed upload) rather than the closed queue.
            toCsv.Writer.TryComplete();
            toParquet.Writer.TryComplete();
            await Task.WhenAll(csvWriter, parquetWriter);
            throw;
        }

        if (!free.TryDequeue(out var next))
        {
            next = new RowBatch(columns, BatchRows);
        }

        next.Reset(Rows + 1);
        Current = next;
    }

    /// <summary>Sends the last rows, writes the last row group and the Parquet footer, and flushes the CSV. The caller owns (and closes) both streams.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (Current.Rows > 0)
        {
            await SendAsync(cancellationToken);
        }

        completed = true;
        toCsv.Writer.TryComplete();
        toParquet.Writer.TryComplete();
        await Task.WhenAll(csvWriter, parquetWriter);
    }

    /// <summary>Stops both writers if the build ended early (its error is the caller's to report).</summary>
    public async ValueTask DisposeAsync()
    {
        if (completed)
        {
            return;
        }

        toCsv.Writer.TryComplete(new OperationCanceledException("The package build stopped."));
        toParquet.Writer.TryComplete(new OperationCanceledException("The package build stopped."));
        // Their errors were reported through SendAsync or CompleteAsync, or are moot after the caller's own.
        await Task.WhenAll(csvWriter, parquetWriter).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Runs one writer; if it fails, its queue closes so the reader stops instead of waiting on it.</summary>
    private static async Task RunAsync(Channel<RowBatch> queue, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception exception)
        {
            queue.Writer.TryComplete(exception);
            throw;
        }
    }

    private void Release(RowBatch batch)
    {
        if (batch.Release())
        {
            free.Enqueue(batch);
        }
    }

    /// <summary>Renders batches as CSV lines into a 1 MiB buffer; a cell holding a comma, quote or line break is quoted.</summary>
    private static class CsvWriter
    {
        private static readonly SearchValues<byte> NeedsQuotes = SearchValues.Create(",\"\n\r"u8);

        public static async Task WriteAsync(byte[] header, ChannelReader<RowBatch> batches, Stream csv, Action<RowBatch> release, CancellationToken cancellationToken)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
            try
            {
                await csv.WriteAsync(header, cancellationToken);
                var used = 0;
                await foreach (var batch in batches.ReadAllAsync(cancellationToken))
                {
                    var row = 0;
                    while (row < batch.Rows)
                    {
                        used += Render(batch, ref row, buffer.AsSpan(used));
                        if (row < batch.Rows)
                        {
                            if (used == 0)
                            {
                                // One row larger than the whole buffer.
                                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                                ArrayPool<byte>.Shared.Return(buffer);
                                buffer = larger;
                                continue;
                            }

                            await csv.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
                            used = 0;
                        }
                    }

                    release(batch);
                }

                await csv.WriteAsync(buffer.AsMemory(0, used), cancellationToken);
                await csv.FlushAsync(cancellationToken);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>Renders rows from <paramref name="row"/> on while they fit; answers the bytes written.</summary>
        private static int Render(RowBatch batch, ref int row, Span<byte> buffer)
        {
            var used = 0;
            for (; row < batch.Rows; row++)
            {
                var worst = batch.Columns;
                for (var c = 0; c < batch.Columns; c++)
                {
                    worst += (batch.Cell(row, c).Length * 2) + 2;
                }

                if (worst > buffer.Length - used)
                {
                    return used;
                }

                for (var c = 0; c < batch.Columns; c++)
                {
                    var cell = batch.Cell(row, c);
                    if (cell.IndexOfAny(NeedsQuotes) < 0)
                    {
                        cell.CopyTo(buffer[used..]);
                        used += cell.Length;
                    }
                    else
                    {
                        used += Quote(cell, buffer[used..]);
                    }

                    buffer[used++] = c == batch.Columns - 1 ? (byte)'\n' : (byte)',';
                }
            }

            return used;
        }

        private static int Quote(ReadOnlySpan<byte> cell, Span<byte> into)
        {
            var used = 0;
            into[used++] = (byte)'"';
            foreach (var b in cell)
            {
                if (b == '"')
                {
                    into[used++] = (byte)'"';
                }

                into[used++] = b;
            }

            into[used++] = (byte)'"';
            return used;
        }
    }

    /// <summary>The Parquet side: typed column buffers for one row group, written out each <c>rowGroupSize</c> rows.</summary>
    private sealed class ParquetTable
    {
        private readonly ParquetWriter parquet;
        private readonly Column[] columns;
        private readonly int rowGroupSize;
        private int buffered;
        private bool any;

        private ParquetTable(ParquetWriter parquet, Column[] columns, int rowGroupSize)
        {
            (this.parquet, this.columns, this.rowGroupSize) = (parquet, columns, rowGroupSize);
        }

        public static async Task<ParquetTable> CreateAsync(IReadOnlyList<DatasetField> fields, Stream stream, int rowGroupSize, CancellationToken cancellationToken)
        {
            var columns = fields.Select(f => Column.For(f, rowGroupSize)).ToArray();
            var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
            // Sampling spares the dictionary attempt on the pid column (all values distinct) while the
            // few-valued columns (province, outcome) still get dictionary encoding. Zstd at its fastest
            // halves the hex pids that Snappy leaves as they are (a 10M-row file: 165 MiB, not 323 MiB),
            // and Blob storage's intake is the package's limit. Parquet.Net's stream pools are bounded:
            // unbounded, they keep every buffer they ever handed out.
            var options = new ParquetOptions
            {
                DictionaryEncodingSampleSize = 10_000,
                CompressionMethod = CompressionMethod.Zstd,
                CompressionLevel = System.IO.Compression.CompressionLevel.Fastest,
                MaximumSmallPoolFreeBytes = 16 << 20,
                MaximumLargePoolFreeBytes = 64 << 20,
            };
            var parquet = await ParquetWriter.CreateAsync(schema, new ForwardOnlyStream(stream), options, cancellationToken: cancellationToken);
            return new ParquetTable(parquet, columns, rowGroupSize);
        }

        public async Task WriteAsync(ChannelReader<RowBatch> batches, Action<RowBatch> release, CancellationToken cancellationToken)
        {
            await foreach (var batch in batches.ReadAllAsync(cancellationToken))
            {
                var row = 0;
                while (row < batch.Rows)
                {
                    var take = Math.Min(batch.Rows - row, rowGroupSize - buffered);
                    for (var c = 0; c < columns.Length; c++)
                    {
                        columns[c].Add(batch, c, row, take);
                    }

                    (row, buffered) = (row + take, buffered + take);
                    if (buffered == rowGroupSize)
                    {
                        await FlushAsync(cancellationToken);
                    }
                }

                release(batch);
            }

            if (buffered > 0 || !any)
            {
                await FlushAsync(cancellationToken);
            }

            await parquet.DisposeAsync();
        }

        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            using (var group = parquet.CreateRowGroup())
            {
                foreach (var column in columns)
                {
                    await column.WriteAsync(group, buffered, cancellationToken);
                }

                group.CompleteValidate();
            }

            (buffered, any) = (0, true);
        }
    }

    /// <summary>One column's values for the current row group, typed from the catalog's data type.</summary>
    private abstract class Column(DataField dataField)
    {
        public DataField Field => dataField;

        public static Column For(DatasetField field, int rowGroupSize) => field.DataType switch
        {
            "int" => new ValueColumn<int>(new DataField<int?>(field.Name), rowGroupSize, ParseInt),
            "numeric" => new ValueColumn<decimal>(new DecimalDataField(field.Name, 16, 2, isNullable: true), rowGroupSize, ParseDecimal),
            "boolean" => new ValueColumn<bool>(new DataField<bool?>(field.Name), rowGroupSize, ParseBoolean),
            _ => new TextColumn(new DataField<string>(field.Name, nullable: true), rowGroupSize),
        };

        /// <summary>Takes column <paramref name="column"/> of rows <paramref name="from"/>..+<paramref name="count"/> of the batch.</summary>
        public abstract void Add(RowBatch batch, int column, int from, int count);

        public abstract Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken);

        private static bool ParseInt(ReadOnlySpan<byte> text, out int value) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

        private static bool ParseDecimal(ReadOnlySpan<byte> text, out decimal value) =>
            decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value);

        private static bool ParseBoolean(ReadOnlySpan<byte> text, out bool value)
        {
            value = text.SequenceEqual("1"u8) || text.SequenceEqual("true"u8) || text.SequenceEqual("t"u8);
            return value || text.SequenceEqual("0"u8) || text.SequenceEqual("false"u8) || text.SequenceEqual("f"u8);
        }
    }

    /// <summary>Text decoded into one char buffer per row group; the values handed to Parquet are slices of it, not strings.</summary>
    private sealed class TextColumn(DataField dataField, int rowGroupSize) : Column(dataField)
    {
        private readonly int[] ends = new int[rowGroupSize];
        private readonly ReadOnlyMemory<char>?[] values = new ReadOnlyMemory<char>?[rowGroupSize];
        private char[] chars = new char[1 << 16];
        private int rows;
        private int used;

        public override void Add(RowBatch batch, int column, int from, int count)
        {
            for (var row = from; row < from + count; row++)
            {
                var cell = batch.Cell(row, column);
                if (chars.Length - used < cell.Length)
                {
                    Array.Resize(ref chars, Math.Max(chars.Length * 2, used + cell.Length));
                }

                used += Encoding.UTF8.GetChars(cell, chars.AsSpan(used));
                ends[rows++] = used;
            }
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken)
        {
            var start = 0;
            for (var i = 0; i < count; i++)
            {
                values[i] = chars.AsMemory(start, ends[i] - start);
                start = ends[i];
            }

            await group.WriteAsync(Field, new ReadOnlyMemory<ReadOnlyMemory<char>?>(values, 0, count), cancellationToken: cancellationToken);
            (rows, used) = (0, 0);
        }
    }

    private delegate bool Parse<T>(ReadOnlySpan<byte> text, out T value);

    private sealed class ValueColumn<T>(DataField dataField, int rowGroupSize, Parse<T> parse) : Column(dataField)
        where T : struct
    {
        private readonly T?[] values = new T?[rowGroupSize];
        private int rows;

        public override void Add(RowBatch batch, int column, int from, int count)
        {
            for (var row = from; row < from + count; row++)
            {
                var cell = batch.Cell(row, column);
                if (cell.IsEmpty)
                {
                    values[rows++] = null;
                }
                else if (parse(cell, out var value))
                {
                    values[rows++] = value;
                }
                else
                {
                    throw new FormatException($"Row {batch.FirstRow + row}, field {Field.Name}: '{Encoding.UTF8.GetString(cell)}' is not a {typeof(T).Name}.");
                }
            }
        }

        public override async Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken)
        {
            await group.WriteAsync(Field, new ReadOnlyMemory<T?>(values, 0, count), cancellationToken: cancellationToken);
            rows = 0;
        }
    }
}
