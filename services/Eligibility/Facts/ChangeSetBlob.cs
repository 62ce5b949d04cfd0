using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Azure.Storage.Blobs;
using WelfarePlatform.Contracts;

namespace WelfarePlatform.Eligibility.Facts;

/// <summary>Reads a change set named "container/name" (<c>RegistryBatchCompleted.ChangeSetBlob</c>): JSON lines.</summary>
internal static class ChangeSetBlob
{
    /// <summary>
    /// The change set's lines, parsed straight from the UTF-8 bytes as they arrive (one download
    /// streamed through a pipe; no string per line, serializer code generated at build time).
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
        await using var content = download.Value.Content;
        // The download runs ahead of the parsing (up to PrefetchBytes), so the network and the
        // caller's COPY into PostgreSQL overlap instead of taking turns.
        var prefetch = new Pipe(new PipeOptions(pauseWriterThreshold: PrefetchBytes, resumeWriterThreshold: PrefetchBytes / 2, minimumSegmentSize: 1 << 16));
        var downloading = DownloadAsync(content, prefetch.Writer, cancellationToken);
        try
        {
            await foreach (var parsed in ParseAsync(prefetch.Reader, line, cancellationToken))
            {
                yield return parsed;
            }
        }
        finally
        {
            await prefetch.Reader.CompleteAsync();
            // A failed download has already surfaced through the reader.
            await downloading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private const int PrefetchBytes = 16 << 20;

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
            throw;
        }
    }

    private static async IAsyncEnumerable<T> ParseAsync<T>(PipeReader pipe, JsonTypeInfo<T> line, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        while (true)
        {
            var read = await pipe.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            var lines = new List<T>();
            while (buffer.PositionOf((byte)'\n') is { } end)
            {
                Parse(buffer.Slice(0, end), line, ++number, lines);
                buffer = buffer.Slice(buffer.GetPosition(1, end));
            }

            if (read.IsCompleted)
            {
                Parse(buffer, line, ++number, lines);
                buffer = buffer.Slice(buffer.End);
            }

            pipe.AdvanceTo(buffer.Start, buffer.End);
            foreach (var parsed in lines)
            {
                yield return parsed;
            }

            if (read.IsCompleted)
            {
                break;
            }
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
