using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;
using WelfarePlatform.SharingRequest.Catalog;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// Writes one dataset of a package as CSV and Parquet at once, row by row: the CSV line goes straight
/// to its stream, the cells into column buffers that become one Parquet row group every
/// <c>rowGroupSize</c> rows. Memory holds one row group, whatever the number of rows. Parquet types
/// follow the catalog: int, numeric (decimal 16,2), boolean; everything else is a UTF-8 string.
/// </summary>
public sealed class PackageTableWriter
{
    public const int DefaultRowGroupSize = 100_000;

    private readonly StreamWriter csv;
    private readonly ParquetWriter parquet;
    private readonly Column[] columns;
    private readonly int rowGroupSize;
    private int buffered;

    private PackageTableWriter(StreamWriter csv, ParquetWriter parquet, Column[] columns, int rowGroupSize)
    {
        (this.csv, this.parquet, this.columns, this.rowGroupSize) = (csv, parquet, columns, rowGroupSize);
    }

    public long Rows { get; private set; }

    public static async Task<PackageTableWriter> CreateAsync(
        IReadOnlyList<DatasetField> fields, Stream csvStream, Stream parquetStream, int rowGroupSize, CancellationToken cancellationToken)
    {
        var columns = fields.Select(Column.For).ToArray();
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        var parquet = await ParquetWriter.CreateAsync(schema, new ForwardOnlyStream(parquetStream), cancellationToken: cancellationToken);
        var csv = new StreamWriter(csvStream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await csv.WriteAsync(string.Join(',', fields.Select(f => f.Name)) + "\n");
        return new PackageTableWriter(csv, parquet, columns, rowGroupSize);
    }

    /// <summary>Adds one row; <paramref name="cells"/> holds a value per field, null or empty when missing, and may be reused by the caller.</summary>
    public async ValueTask AddAsync(string?[] cells, CancellationToken cancellationToken)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            var cell = cells[i];
            if (i > 0)
            {
                await csv.WriteAsync(',');
            }

            await csv.WriteAsync(Quote(cell));
            columns[i].Set(buffered, cell, Rows + 1);
        }

        await csv.WriteAsync('\n');
        Rows++;
        if (++buffered == rowGroupSize)
        {
            await FlushRowGroupAsync(cancellationToken);
        }
    }

    /// <summary>Writes the last row group and the Parquet footer, and flushes the CSV. The caller owns (and closes) both streams.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (buffered > 0 || Rows == 0)
        {
            await FlushRowGroupAsync(cancellationToken);
        }

        await parquet.DisposeAsync();
        await csv.FlushAsync(cancellationToken);
        await csv.DisposeAsync();
    }

    private async Task FlushRowGroupAsync(CancellationToken cancellationToken)
    {
        using (var group = parquet.CreateRowGroup())
        {
            foreach (var column in columns)
            {
                await column.WriteAsync(group, buffered, cancellationToken);
            }

            group.CompleteValidate();
        }

        buffered = 0;
    }

    private static string Quote(string? cell) =>
        cell is null ? "" : cell.AsSpan().IndexOfAny(",\"\n\r") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>One column's buffer for the current row group, typed from the catalog's data type.</summary>
    private abstract class Column
    {
        public abstract DataField Field { get; }

        public static Column For(DatasetField field) => field.DataType switch
        {
            "int" => new ValueColumn<int>(new DataField<int?>(field.Name), (text, row) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)),
            "numeric" => new ValueColumn<decimal>(new DecimalDataField(field.Name, 16, 2, isNullable: true), (text, row) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture)),
            "boolean" => new ValueColumn<bool>(new DataField<bool?>(field.Name), ParseBoolean),
            _ => new StringColumn(new DataField<string>(field.Name, nullable: true)),
        };

        public abstract void Set(int index, string? cell, long row);

        public abstract Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken);

        private static bool ParseBoolean(string text, long row) => text switch
        {
            "1" or "true" or "t" => true,
            "0" or "false" or "f" => false,
            _ => throw new FormatException($"Row {row}: '{text}' is not a boolean (1 or 0)."),
        };
    }

    private sealed class StringColumn(DataField dataField) : Column
    {
        private string?[] values = new string?[1024];

        public override DataField Field => dataField;

        public override void Set(int index, string? cell, long row)
        {
            if (index == values.Length)
            {
                Array.Resize(ref values, values.Length * 2);
            }

            values[index] = cell;
        }

        public override Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken) =>
            group.WriteAsync(dataField, new ArraySegment<string>(values!, 0, count));
    }

    private sealed class ValueColumn<T>(DataField dataField, Func<string, long, T> parse) : Column
        where T : struct
    {
        private T?[] values = new T?[1024];

        public override DataField Field => dataField;

        public override void Set(int index, string? cell, long row)
        {
            if (index == values.Length)
            {
                Array.Resize(ref values, values.Length * 2);
            }

            try
            {
                values[index] = string.IsNullOrEmpty(cell) ? null : parse(cell, row);
            }
            catch (Exception exception) when (exception is FormatException or OverflowException)
            {
                throw new FormatException($"Row {row}, field {dataField.Name}: '{cell}' is not a {typeof(T).Name}.", exception);
            }
        }

        public override Task WriteAsync(ParquetRowGroupWriter group, int count, CancellationToken cancellationToken) =>
            group.WriteAsync(dataField, new ReadOnlyMemory<T?>(values, 0, count), cancellationToken: cancellationToken);
    }
}
