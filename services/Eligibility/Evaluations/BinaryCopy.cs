using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// PostgreSQL's binary COPY format read field by field from a raw COPY stream
/// (<c>NpgsqlConnection.BeginRawBinaryCopyAsync</c>): a full run reads millions of rows, and decoding
/// them from the bytes allocates nothing per row, where a data reader builds a string per pid.
/// </summary>
/// <remarks>
/// The stream is read asynchronously, a quarter megabyte at a time, by a task of its own, and the
/// caller decodes on its thread, waiting only when a whole chunk is not there yet. Read
/// synchronously, each of its millions of messages went through the socket engine and a thread
/// pool wait (100,000 context switches a second; 1M people's facts took 4 s instead of 2).
/// </remarks>
internal sealed class BinaryCopyReader : IDisposable
{
    private const int ChunkSize = 1 << 18;
    private readonly BlockingCollection<(byte[] Bytes, int Length)> chunks = new(boundedCapacity: 8);
    private readonly CancellationTokenSource stop;
    private readonly Task pump;
    private readonly byte[] buffer = new byte[ChunkSize * 2];
    private int position;
    private int length;

    public BinaryCopyReader(Stream stream, CancellationToken cancellationToken)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        pump = Task.Run(() => PumpAsync(stream, stop.Token), CancellationToken.None);
        Ensure(19);
        if (!buffer.AsSpan(0, 11).SequenceEqual(BinaryCopyWriter.Signature))
        {
            throw new InvalidDataException("The COPY stream does not start with PostgreSQL's binary signature.");
        }

        var extension = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(15));
        position = 19 + extension;
        Ensure(0);
    }

    /// <summary>Starts the next row: false at the end of the data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool NextRow(int fields)
    {
        Ensure(2);
        var count = BinaryPrimitives.ReadInt16BigEndian(buffer.AsSpan(position));
        position += 2;
        if (count == -1)
        {
            return false;
        }

        return count == fields ? true : throw new InvalidDataException($"A COPY row has {count} fields where {fields} were asked for.");
    }

    /// <summary>The next field's bytes (valid until the next read); null for SQL NULL.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> Field(out bool isNull)
    {
        Ensure(4);
        var size = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(position));
        position += 4;
        isNull = size < 0;
        if (isNull)
        {
            return [];
        }

        Ensure(size);
        var field = buffer.AsSpan(position, size);
        position += size;
        return field;
    }

    /// <summary>The next field, which must not be NULL.</summary>
    public ReadOnlySpan<byte> Field()
    {
        var field = Field(out var isNull);
        return isNull ? throw new InvalidDataException("A COPY field the full run needs is NULL.") : field;
    }

    public bool Boolean() => Field()[0] != 0;

    public long Int64() => BinaryPrimitives.ReadInt64BigEndian(Field());

    /// <summary>A date as PostgreSQL sends it: days since 2000-01-01; ±infinity as int.MaxValue and int.MinValue.</summary>
    public int Date() => BinaryPrimitives.ReadInt32BigEndian(Field());

    /// <summary>
    /// A numeric with at most two decimals as hundredths (satang), exactly; a value with more
    /// decimals than that, or NaN, is refused (the facts' columns are numeric(14,2) and numeric(16,2)).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Hundredths()
    {
        var field = Field();
        var digits = BinaryPrimitives.ReadInt16BigEndian(field);
        var weight = BinaryPrimitives.ReadInt16BigEndian(field[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(field[4..]);
        var scale = BinaryPrimitives.ReadInt16BigEndian(field[6..]);
        if (sign == 0xC000 || scale > 2)
        {
            throw new InvalidDataException($"A numeric fact has {(sign == 0xC000 ? "the value NaN" : $"{scale} decimals")}; the full run reads amounts to the satang.");
        }

        long value = 0;
        // Base-10000 digits: digit i is worth 10000^(weight - i); hundredths are 10000^0 × 100.
        for (var i = 0; i < digits; i++)
        {
            long digit = BinaryPrimitives.ReadInt16BigEndian(field[(8 + 2 * i)..]);
            var power = weight - i;
            if (power >= 0)
            {
                for (var p = 0; p < power; p++)
                {
                    digit *= 10000;
                }

                value = checked(value + digit * 100);
            }
            else if (power == -1)
            {
                value += digit / 100; // a scale of at most 2 leaves the last two of the four digits 0
            }
        }

        return sign == 0x4000 ? -value : value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Ensure(int size)
    {
        if (length - position >= size)
        {
            return;
        }

        if (size > ChunkSize)
        {
            throw new InvalidDataException($"A COPY field of {size} bytes is larger than the full run reads.");
        }

        Buffer.BlockCopy(buffer, position, buffer, 0, length - position);
        length -= position;
        position = 0;
        while (length < size)
        {
            if (!chunks.TryTake(out var chunk, Timeout.Infinite, stop.Token))
            {
                pump.GetAwaiter().GetResult(); // the pump's failure, if it failed
                throw new EndOfStreamException("The COPY stream ended within a row.");
            }

            chunk.Bytes.AsSpan(0, chunk.Length).CopyTo(buffer.AsSpan(length));
            length += chunk.Length;
            ArrayPool<byte>.Shared.Return(chunk.Bytes);
        }
    }

    private async Task PumpAsync(Stream stream, CancellationToken cancellationToken)
    {
        try
        {
            var ended = false;
            while (!ended)
            {
                var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
                var filled = 0;
                // Each read answers one row's message, mostly from Npgsql's buffer without waiting.
                while (filled < ChunkSize / 2)
                {
                    var read = await stream.ReadAsync(chunk.AsMemory(filled), cancellationToken);
                    if (read == 0)
                    {
                        ended = true;
                        break;
                    }

                    filled += read;
                }

                if (filled > 0)
                {
                    chunks.Add((chunk, filled), cancellationToken);
                }
                else
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                }
            }
        }
        finally
        {
            chunks.CompleteAdding();
        }
    }

    /// <summary>Stops the pump (a reader that fails mid-stream); the caller then disposes the COPY stream.</summary>
    public void Dispose()
    {
        stop.Cancel();
        try
        {
            pump.GetAwaiter().GetResult();
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Stopped: the reader's own failure, if any, is the one reported.
        }

        stop.Dispose();
        chunks.Dispose();
    }
}

/// <summary>
/// Rows in PostgreSQL's binary COPY format onto a raw COPY stream, a megabyte at a time: a full
/// run writes millions of rows of arrays, which Npgsql's typed importer would box one by one.
/// </summary>
internal sealed class BinaryCopyWriter(Stream stream)
{
    public const int TextOid = 25;
    public const int BooleanOid = 16;
    public const int Float8Oid = 701;
    private const int Flush = 1 << 20;
    /// <summary>"PGCOPY\n\377\r\n\0": the format's first eleven bytes.</summary>
    public static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
    private static readonly DateTime PostgresEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly byte[] buffer = new byte[Flush + (1 << 16)];
    private int position;

    public void Header()
    {
        Signature.CopyTo(buffer, 0);
        position = 11;
        Int32Raw(0); // flags
        Int32Raw(0); // header extension
    }

    public async ValueTask RowAsync(short fields, CancellationToken cancellationToken)
    {
        if (position >= Flush)
        {
            await stream.WriteAsync(buffer.AsMemory(0, position), cancellationToken);
            position = 0;
        }

        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(position), fields);
        position += 2;
    }

    public async ValueTask EndAsync(CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(position), -1);
        position += 2;
        await stream.WriteAsync(buffer.AsMemory(0, position), cancellationToken);
        position = 0;
    }

    public void Null() => Int32Raw(-1);

    public void Bytes(ReadOnlySpan<byte> value)
    {
        Int32Raw(value.Length);
        value.CopyTo(buffer.AsSpan(position));
        position += value.Length;
    }

    public void Boolean(bool value)
    {
        Int32Raw(1);
        buffer[position++] = value ? (byte)1 : (byte)0;
    }

    public void Int16(short value)
    {
        Int32Raw(2);
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(position), value);
        position += 2;
    }

    public void Int32(int value)
    {
        Int32Raw(4);
        Int32Raw(value);
    }

    public void Int64(long value)
    {
        Int32Raw(8);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(position), value);
        position += 8;
    }

    /// <summary>A float8, or NULL for NaN (the full run's mark for "no value").</summary>
    public void Float8OrNull(double value)
    {
        if (double.IsNaN(value))
        {
            Null();
            return;
        }

        Int32Raw(8);
        BinaryPrimitives.WriteDoubleBigEndian(buffer.AsSpan(position), value);
        position += 8;
    }

    public void Uuid(Guid value)
    {
        Int32Raw(16);
        value.TryWriteBytes(buffer.AsSpan(position), bigEndian: true, out _);
        position += 16;
    }

    public void Date(DateOnly value) => Int32(value.DayNumber - DateOnly.FromDateTime(PostgresEpoch).DayNumber);

    public void Timestamp(DateTimeOffset value) => Int64((value.UtcTicks - PostgresEpoch.Ticks) / 10);

    /// <summary>Starts a one-dimensional array of <paramref name="count"/> elements; the caller writes each element after it.</summary>
    public void ArrayStart(int elementOid, int count, bool hasNulls, int elementBytes)
    {
        if (count == 0)
        {
            Int32Raw(12);
            Int32Raw(0);
            Int32Raw(0);
            Int32Raw(elementOid);
            return;
        }

        Int32Raw(20 + elementBytes);
        Int32Raw(1);
        Int32Raw(hasNulls ? 1 : 0);
        Int32Raw(elementOid);
        Int32Raw(count);
        Int32Raw(1);
    }

    // An array element is written as a field is: its length word (-1 for NULL), then its bytes.
    public void ElementBoolean(bool? value)
    {
        if (value is not { } flag)
        {
            Int32Raw(-1);
            return;
        }

        Int32Raw(1);
        buffer[position++] = flag ? (byte)1 : (byte)0;
    }

    public void ElementFloat8(double value) => Float8OrNull(value);

    public void ElementText(ReadOnlySpan<byte> value) => Bytes(value);

    private void Int32Raw(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(position), value);
        position += 4;
    }
}
