namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// A few thousand rows of one dataset as UTF-8 cells laid end to end: the unit the package pipeline
/// hands from the export reader to the CSV and Parquet writers. Cells are raw values (never quoted);
/// cell <c>k</c> spans <c>[Ends[k-1], Ends[k])</c> of <see cref="Data"/>, row by row in the package's
/// field order. Both writers read the same batch; the last to release it returns it to its pool.
/// </summary>
public sealed class RowBatch(int columns, int capacity)
{
    private byte[] data = new byte[capacity * columns * 16];
    private int length;
    private int pending;

    /// <summary>Rows the batch holds before it is handed on.</summary>
    public int Capacity { get; } = capacity;

    public int Columns { get; } = columns;

    /// <summary>The 1-based number of the batch's first row in the dataset, for error messages.</summary>
    public long FirstRow { get; internal set; }

    public int Rows { get; private set; }

    public bool IsFull => Rows == Capacity;

    internal int[] Ends { get; } = new int[columns * capacity];

    internal ReadOnlySpan<byte> Data => data.AsSpan(0, length);

    internal int CellCount { get; private set; }

    public ReadOnlySpan<byte> Cell(int row, int column) => WritableCell((row * Columns) + column);

    /// <summary>Cell <paramref name="k"/> (counted across rows) to fill in after it was ended, as <see cref="PidRekeyer"/> does.</summary>
    internal Span<byte> WritableCell(int k)
    {
        var start = k == 0 ? 0 : Ends[k - 1];
        return data.AsSpan(start, Ends[k] - start);
    }

    /// <summary>Room for the next cell of at most <paramref name="maxLength"/> bytes; <see cref="EndCell"/> says how many were used.</summary>
    public Span<byte> Reserve(int maxLength)
    {
        if (length + maxLength > data.Length)
        {
            Array.Resize(ref data, Math.Max(data.Length * 2, length + maxLength));
        }

        return data.AsSpan(length, maxLength);
    }

    public void EndCell(int written)
    {
        length += written;
        Ends[CellCount++] = length;
    }

    public void AddCell(ReadOnlySpan<byte> cell)
    {
        cell.CopyTo(Reserve(cell.Length));
        EndCell(cell.Length);
    }

    /// <summary>Closes the row; every row holds <see cref="Columns"/> cells.</summary>
    public void EndRow() => Rows++;

    internal void Reset(long firstRow)
    {
        (length, CellCount, Rows, FirstRow) = (0, 0, 0, firstRow);
    }

    internal void Share(int readers) => Volatile.Write(ref pending, readers);

    /// <summary>A reader is done with the batch; answers true when it was the last one.</summary>
    internal bool Release() => Interlocked.Decrement(ref pending) == 0;
}
