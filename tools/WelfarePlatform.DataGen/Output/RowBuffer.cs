using System.Buffers;
using System.Buffers.Text;

namespace WelfarePlatform.DataGen.Output;

/// <summary>
/// A pooled byte buffer that rows are formatted into as UTF-8 (or windows-874) bytes, with no
/// string per row or per field. Either it fronts a file (and is written out whenever it fills)
/// or it holds one chunk of rows in memory (and grows), remembering where each row ends.
/// Writers call <see cref="BeginRow"/>, which guarantees room for the longest row, and end each
/// row with <see cref="EndRow"/>.
/// </summary>
internal sealed class RowBuffer : IDisposable
{
    /// <summary>No row this tool writes comes near this, Thai text included.</summary>
    public const int MaxRowBytes = 2048;
    private const int FileBufferBytes = 1 << 20;

    private readonly Stream? stream;
    private readonly List<int>? rowEnds;
    private byte[] buffer;
    private int position;

    /// <summary>A buffer in front of <paramref name="file"/>.</summary>
    public RowBuffer(Stream file, bool crLf)
    {
        stream = file;
        CrLf = crLf;
        buffer = ArrayPool<byte>.Shared.Rent(FileBufferBytes);
    }

    /// <summary>An in-memory chunk of rows.</summary>
    public RowBuffer(int initialBytes, bool crLf)
    {
        rowEnds = [];
        CrLf = crLf;
        buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialBytes, MaxRowBytes * 2));
    }

    public bool CrLf { get; }

    /// <summary>Rows ended so far (in-memory chunks only).</summary>
    public int RowCount => rowEnds!.Count;

    /// <summary>The chunk's bytes (in-memory chunks only).</summary>
    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, position);

    /// <summary>Where row <paramref name="row"/> (from 0) of the chunk ends, line ending included.</summary>
    public int RowEnd(int row) => rowEnds![row];

    public void BeginRow()
    {
        if (buffer.Length - position < MaxRowBytes)
        {
            if (stream is not null)
            {
                Flush();
            }
            else
            {
                Grow();
            }
        }
    }

    /// <summary>The free space for one row, after <see cref="BeginRow"/>: fill it with a <see cref="SpanRowWriter"/> and <see cref="Commit"/>.</summary>
    public Span<byte> RowSpace => buffer.AsSpan(position, MaxRowBytes - 2);

    /// <summary>Takes <paramref name="length"/> bytes written into <see cref="RowSpace"/> as the row, and ends it.</summary>
    public void Commit(int length)
    {
        position += length;
        EndRow();
    }

    public void EndRow()
    {
        if (CrLf)
        {
            buffer[position++] = (byte)'\r';
        }

        buffer[position++] = (byte)'\n';
        rowEnds?.Add(position);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.AsSpan(position));
        position += bytes.Length;
    }

    /// <summary>Copies bytes of any length (whole chunks) into a file buffer, flushing as needed.</summary>
    public void WriteLarge(ReadOnlySpan<byte> bytes)
    {
        // A whole chunk goes to the file as it is: copying it through this buffer would only cost a memcpy.
        if (stream is not null && bytes.Length >= buffer.Length / 2)
        {
            Flush();
            stream.Write(bytes);
            return;
        }

        while (bytes.Length > 0)
        {
            if (position == buffer.Length)
            {
                Flush();
            }

            var part = Math.Min(bytes.Length, buffer.Length - position);
            Write(bytes[..part]);
            bytes = bytes[part..];
        }
    }

    public void Write(byte value) => buffer[position++] = value;

    public void Comma() => buffer[position++] = (byte)',';

    public void Write(long value)
    {
        Utf8Formatter.TryFormat(value, buffer.AsSpan(position), out var written);
        position += written;
    }

    /// <summary>Writes a value held in hundredths: 1250 → "12.50", 700 → "7".</summary>
    public void WriteHundredths(long hundredths)
    {
        Write(hundredths / 100);
        var fraction = (int)(hundredths % 100);
        if (fraction != 0)
        {
            WriteFraction(fraction);
        }
    }

    /// <summary>Writes a value held in hundredths always with two decimals, as banks do: 700 → "7.00".</summary>
    public void WriteFixed2(long hundredths)
    {
        Write(hundredths / 100);
        WriteFraction((int)(hundredths % 100));
    }

    /// <summary>Writes a whole amount as a quoted figure with thousands separators: "1,250,000".</summary>
    public void WriteQuotedThousands(long value)
    {
        Write((byte)'"');
        Utf8Formatter.TryFormat(value, buffer.AsSpan(position), out var written, new StandardFormat('N', 0));
        position += written;
        Write((byte)'"');
    }

    /// <summary>Writes <paramref name="value"/> as exactly <paramref name="digits"/> digits, zero-padded.</summary>
    public void WriteDigits(long value, int digits)
    {
        for (var i = position + digits - 1; i >= position; i--)
        {
            buffer[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        position += digits;
    }

    public void WriteDate(DateOnly date, DateStyle style) => position += DateFormatter.Format(date, style, buffer.AsSpan(position));

    /// <summary>Empties an in-memory chunk for reuse.</summary>
    public void Reset()
    {
        position = 0;
        rowEnds?.Clear();
    }

    public void Flush()
    {
        if (stream is null)
        {
            return;
        }

        stream.Write(buffer, 0, position);
        position = 0;
    }

    public void Dispose()
    {
        Flush();
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }

    private void WriteFraction(int fraction)
    {
        buffer[position++] = (byte)'.';
        buffer[position++] = (byte)('0' + (fraction / 10));
        buffer[position++] = (byte)('0' + (fraction % 10));
    }

    private void Grow()
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, position).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
