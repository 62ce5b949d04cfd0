using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace WelfarePlatform.DataGen.Output;

/// <summary>
/// Writes one row into a span held on the stack, position in a local: the tightest loop for the
/// biggest file (registrations). The row is handed back to its <see cref="RowBuffer"/> with
/// <see cref="RowBuffer.Commit"/>.
/// </summary>
internal ref struct SpanRowWriter(Span<byte> row)
{
    private readonly Span<byte> row = row;
    private int position;

    public readonly int Length => position;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(row[position..]);
        position += bytes.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(byte value) => row[position++] = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Comma() => row[position++] = (byte)',';

    public void Write(long value)
    {
        Utf8Formatter.TryFormat(value, row[position..], out var written);
        position += written;
    }

    public void WriteQuotedThousands(long value)
    {
        row[position++] = (byte)'"';
        Utf8Formatter.TryFormat(value, row[position..], out var written, new StandardFormat('N', 0));
        position += written;
        row[position++] = (byte)'"';
    }

    public void WriteDate(DateOnly date, DateStyle style) => position += DateFormatter.Format(date, style, row[position..]);

    /// <summary>Room for <paramref name="length"/> bytes, to be filled by the caller and then <see cref="Advance"/>d over.</summary>
    public readonly Span<byte> Next(int length) => row.Slice(position, length);

    public void Advance(int length) => position += length;
}
