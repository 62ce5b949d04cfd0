using System.Buffers;
using System.Globalization;
using System.Text;
using Azure.Storage.Blobs.Specialized;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// A write-only stream into a block blob that uploads blocks of <c>blockSize</c> bytes, up to
/// <c>parallel</c> of them at once, while the writer goes on filling the next (the SDK's own write
/// stream waits for each block). The blob appears only on <see cref="CommitAsync"/>, so a build that
/// fails half-way leaves no partial file. Memory: at most <c>parallel + 1</c> blocks per stream.
/// </summary>
public sealed class BlockUploadStream(BlockBlobClient blob, int blockSize = 4 << 20, int parallel = 4) : Stream
{
    private readonly List<string> blockIds = [];
    private readonly List<Task> uploads = [];
    private byte[] block = ArrayPool<byte>.Shared.Rent(blockSize);
    private int used;
    private long written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => written;

    /// <summary>Bytes written so far (Parquet asks it to record column offsets).</summary>
    public override long Position
    {
        get => written;
        set => throw new NotSupportedException("A package file is written front to back.");
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, blockSize - used);
            buffer.Span[..take].CopyTo(block.AsSpan(used));
            (used, written, buffer) = (used + take, written + take, buffer[take..]);
            if (used == blockSize)
            {
                await StageAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <summary>Uploads the last block, waits for every block and commits the list: the blob now exists.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (used > 0)
        {
            await StageAsync(cancellationToken);
        }

        await Task.WhenAll(uploads);
        await blob.CommitBlockListAsync(blockIds, cancellationToken: cancellationToken);
    }

    /// <summary>Nothing to flush early: blocks go up as they fill, and the blob exists only once committed.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A package file is written front to back.");

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && block.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(block);
            block = [];
        }

        base.Dispose(disposing);
    }

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        if (uploads.Count == parallel)
        {
            var done = await Task.WhenAny(uploads);
            uploads.Remove(done);
            await done;
        }

        // Block ids must all have the same length: the block's number, zero-padded.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(blockIds.Count.ToString("D8", CultureInfo.InvariantCulture)));
        blockIds.Add(id);
        uploads.Add(UploadAsync(id, block, used, cancellationToken));
        (block, used) = (ArrayPool<byte>.Shared.Rent(blockSize), 0);
    }

    private async Task UploadAsync(string id, byte[] content, int length, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new MemoryStream(content, 0, length, writable: false);
            await blob.StageBlockAsync(id, stream, cancellationToken: cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(content);
        }
    }
}
