using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Azure.Storage.Blobs;
using WelfarePlatform.Contracts;

namespace WelfarePlatform.Eligibility.Facts;

/// <summary>Reads a change set named "container/name" (<c>RegistryBatchCompleted.ChangeSetBlob</c>): JSON lines, gzip-compressed when the name ends in <c>.gz</c>.</summary>
internal static class ChangeSetBlob
{
    /// <summary>
    /// The change set's lines, parsed straight from the UTF-8 bytes as they arrive (no string per
    /// line, serializer code generated at build time). Three stages run side by side: the download,
    /// the parsing, and the caller's use of the lines (a COPY into PostgreSQL); parsing alone
    /// takes as long as the COPY, so running them one after the other doubled the time.
    /// </summary>
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        BlobServiceClient blobs, string changeSetBlob, JsonTypeInfo<T> line, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var separator = changeSetBlob.IndexOf('/', StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new InvalidOperationException($"Change set blob '{changeSetBlob}' is not 'container/name'.");
        }

        var blob = blobs.GetBlobContainerClient(changeSetBlob[..separator]).GetBlobClient(changeSetBlob[(separator + 1)..]);
        var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
        await using var content = changeSetBlob.EndsWith(".gz", StringComparison.Ordinal)
            ? new GZipStream(download.Value.Content, CompressionMode.Decompress)
            : download.Value.Content;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The download runs ahead of the parsing (up to PrefetchBytes) and the parsing ahead of the
        // caller (up to ChunksAhead chunks of lines).
        var prefetch = new Pipe(new PipeOptions(pauseWriterThreshold: PrefetchBytes, resumeWriterThreshold: PrefetchBytes / 2, minimumSegmentSize: 1 << 16));
        var chunks = Channel.CreateBounded<List<T>>(new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true });
        var downloading = DownloadAsync(content, prefetch.Writer, stop.Token);
        var parsing = Task.Run(() => ParseAsync(prefetch.Reader, line, chunks.Writer, stop.Token), stop.Token);
        try
        {
            // A failed download or parse completes the channel with its exception, which comes out here.
            await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var parsed in chunk)
                {
                    yield return parsed;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await parsing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await downloading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private const int PrefetchBytes = 16 << 20;
    private const int ChunkLines = 1024;
    private const int ChunksAhead = 8;

    private static async Task DownloadAsync(Stream content, PipeWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            await content.CopyToAsync(writer, cancellationToken);
            await writer.CompleteAsync();
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(e);
        }
    }

    private static async Task ParseAsync<T>(PipeReader pipe, JsonTypeInfo<T> line, ChannelWriter<List<T>> chunks, CancellationToken cancellationToken)
    {
        try
        {
            var number = 0;
            var chunk = new List<T>(ChunkLines);
            while (true)
            {
                var read = await pipe.ReadAsync(cancellationToken);
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    Parse(buffer.Slice(0, end), line, ++number, chunk);
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                    if (chunk.Count == ChunkLines)
                    {
                        await chunks.WriteAsync(chunk, cancellationToken);
                        chunk = new List<T>(ChunkLines);
                    }
                }

                if (read.IsCompleted)
                {
                    Parse(buffer, line, ++number, chunk);
                    buffer = buffer.Slice(buffer.End);
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            if (chunk.Count > 0)
            {
                await chunks.WriteAsync(chunk, cancellationToken);
            }

            chunks.Complete();
        }
        catch (Exception e)
        {
            chunks.Complete(e);
        }
        finally
        {
            await pipe.CompleteAsync();
        }
    }

    private static void Parse<T>(ReadOnlySequence<byte> bytes, JsonTypeInfo<T> line, int number, List<T> lines)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        var reader = new Utf8JsonReader(bytes);
        lines.Add(JsonSerializer.Deserialize(ref reader, line)
            ?? throw new InvalidDataException($"Change set line {number} is null."));
    }
}

/// <summary>The change-set lines' JSON (web defaults, as registration-ingest writes them), generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RegistryChange))]
[JsonSerializable(typeof(EvidenceChange))]
internal sealed partial class ChangeSetJson : JsonSerializerContext;
