using System.Buffers;
using System.Buffers.Text;

namespace WelfarePlatform.DataGen.Output;

/// <summary>
/// A pooled 1 MiB byte buffer that rows are formatted into (no string per row or per field) and
/// that is handed to the stream whole when it fills. Writers call <see cref="BeginRow"/> first,
/// which guarantees room for the longest row.
/// </summary>
internal sealed class RowBuffer : IDisposable
{
    /// <summary>No row this tool writes comes near this, Thai text included.</summary>
    public const int MaxRowBytes = 2048;
    private const int Capacity = 1 << 20;

    private readonly Stream stream;
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(Capacity);
    private int position;

    public RowBuffer(Stream stream) => this.stream = stream;

    public long BytesWritten { get; private set; }

    /// <summary>Bytes of the row being written, from <see cref="BeginRow"/> up to now.</summary>
    public ReadOnlySpan<byte> CurrentRow => buffer.AsSpan(RowStart, position - RowStart);

    private int RowStart { get; set; }

    public void BeginRow()
    {
        if (buffer.Length - position < MaxRowBytes)
        {
            Flush();
        }

        RowStart = position;
    }

    /// <summary>Drops the row being written, e.g. one that turned out to be suppressed.</summary>
    public void DiscardRow() => position = RowStart;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.AsSpan(position));
        position += bytes.Length;
    }

    public void Write(byte value) => buffer[position++] = value;

    public void Comma() => buffer[position++] = (byte)',';

    public void NewLine() => buffer[position++] = (byte)'\n';

    public void CrLf()
    {
        buffer[position++] = (byte)'\r';
        buffer[position++] = (byte)'\n';
    }

    public void Write(long value)
    {
        Utf8Formatter.TryFormat(value, buffer.AsSpan(position), out var written);
        position += written;
    }

    /// <summary>Writes a value held in hundredths as "12.5" → "12.50", or "7" when whole.</summary>
    public void WriteHundredths(long hundredths)
    {
        if (hundredths < 0)
        {
            Write((byte)'-');
            hundredths = -hundredths;
        }

        Write(hundredths / 100);
        var fraction = (int)(hundredths % 100);
        if (fraction != 0)
        {
            buffer[position++] = (byte)'.';
            buffer[position++] = (byte)('0' + (fraction / 10));
            buffer[position++] = (byte)('0' + (fraction % 10));
        }
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

    public void Flush()
    {
        stream.Write(buffer, 0, position);
        BytesWritten += position;
        position = 0;
        RowStart = 0;
    }

    public void Dispose()
    {
        Flush();
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }
}
