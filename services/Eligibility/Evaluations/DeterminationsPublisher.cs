using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Npgsql;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Ends an evaluation: writes the changed determinations (<see cref="SqlEvaluation.ChangedSelect"/>) to Blob storage as gzip-compressed
/// JSON lines (named by evaluation id, so a retried transaction overwrites the same blob), and enqueues <see cref="DeterminationsChanged"/>
/// with the ruleset's per-province counts through the outbox, in the caller's transaction. The
/// caller awaits <see cref="PublishedChanges.Uploaded"/> before committing.
/// </summary>
public sealed class DeterminationsPublisher(BlobServiceClient blobs, Outbox outbox, TimeProvider clock)
{
    public const string Container = "determination-changes";
    private const int BufferSize = 1 << 20;
    private const int ChunksAhead = 64;

    /// <summary>
    /// Starts writing the evaluation's change set (<see cref="SqlEvaluation.ChangedSelect"/>) to its blob;
    /// call before storing the determinations, so the upload runs while PostgreSQL stores them.
    /// </summary>
    internal async Task<PublishedChanges> StartChangeSetAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, CancellationToken cancellationToken)
    {
        var upload = await StartUploadAsync(run, cancellationToken);
        try
        {
            var counts = await WriteChangesAsync(connection, transaction, run, upload.Chunks, cancellationToken);
            upload.Chunks.Complete();
            return upload.Published(counts);
        }
        catch (Exception exception)
        {
            await upload.StopAsync(exception);
            throw;
        }
    }

    /// <summary>
    /// Starts the upload of the evaluation's change set (named by evaluation id, so a retried run
    /// overwrites the same blob): <see cref="WriteChangesAsync"/> hands it lines in megabyte chunks,
    /// from one connection or several, and the upload runs beside them (Azurite or Blob storage works
    /// while PostgreSQL does); at most <see cref="ChunksAhead"/> chunks wait, so a full run's millions
    /// of lines are never all in memory.
    /// </summary>
    internal async Task<ChangeSetUpload> StartUploadAsync(EvaluationRun run, CancellationToken cancellationToken)
    {
        var blobName = $"{run.Evaluator.Ruleset.Id}/{run.EvaluationId}.jsonl.gz";
        var container = blobs.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var chunks = Channel.CreateBounded<ArraySegment<byte>>(new BoundedChannelOptions(ChunksAhead) { SingleReader = true });
        var uploaded = UploadAsync(container.GetBlobClient(blobName), chunks.Reader, cancellationToken);
        return new ChangeSetUpload($"{Container}/{blobName}", chunks.Writer, uploaded);
    }

    /// <summary>Counts the ruleset's stored determinations per province and enqueues the event naming the change set.</summary>
    internal async Task PublishAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, string trigger, Guid? sourceBatchId, DateOnly asOf,
        Guid correlationId, int evaluated, PublishedChanges published, CancellationToken cancellationToken, PhaseTimer? timer = null)
    {
        var ruleset = run.Evaluator.Ruleset;
        var provinces = await ProvinceCounts.ReadAsync(connection, transaction, ruleset.Id, cancellationToken);
        timer?.Mark("province counts");
        var changedEvent = new DeterminationsChanged
        {
            EventId = Guid.CreateVersion7(),
            CorrelationId = correlationId,
            EvaluationId = run.EvaluationId,
            RulesetId = ruleset.Id,
            RulesetVersion = ruleset.Version,
            Trigger = trigger,
            SourceBatchId = sourceBatchId,
            AsOf = asOf,
            EvaluationDate = run.Evaluator.EvaluationDate,
            Evaluated = evaluated,
            Changed = published.Changed,
            NewInclusionErrors = published.NewInclusionErrors,
            NewExclusionErrors = published.NewExclusionErrors,
            ChangeSetBlob = published.ChangeSetBlob,
            Provinces = provinces,
            ComputedAt = clock.GetUtcNow(),
        };
        await outbox.EnqueueAsync(connection, transaction, changedEvent, changedEvent.EventId, correlationId, cancellationToken);
        timer?.Mark("event");
    }

    /// <summary>
    /// Compresses the lines on their way to the blob: a full run's change set is about 230 bytes a
    /// person uncompressed, a quarter of that in gzip, and every consumer downloads all of it.
    /// </summary>
    private static async Task UploadAsync(BlobClient blob, ChannelReader<ArraySegment<byte>> chunks, CancellationToken cancellationToken)
    {
        await Task.Yield(); // the reading starts at once; the upload runs beside it
        var options = new BlobOpenWriteOptions { BufferSize = 4 * BufferSize, HttpHeaders = new BlobHttpHeaders { ContentType = "application/gzip" } };
        await using var stream = await blob.OpenWriteAsync(overwrite: true, options, cancellationToken);
        await using var gzip = new GZipStream(stream, CompressionLevel.Fastest);
        await foreach (var chunk in chunks.ReadAllAsync(cancellationToken))
        {
            await gzip.WriteAsync(chunk, cancellationToken);
            ArrayPool<byte>.Shared.Return(chunk.Array!);
        }
    }

    /// <summary>The determinations in the session's <c>decided</c> that differ from the stored ones, as change-set lines into <paramref name="chunks"/>.</summary>
    internal static async Task<ChangeCounts> WriteChangesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, ChannelWriter<ArraySegment<byte>> chunks, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(SqlEvaluation.ChangedSelect, connection, transaction) { CommandTimeout = Facts.BulkCommands.TimeoutSeconds };
        select.Parameters.Add(new NpgsqlParameter { Value = run.Evaluator.Ruleset.Id });
        var lines = new ChangeLines(chunks);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Write(
                Encoding.ASCII.GetBytes(reader.GetString(0)), reader.GetString(1), reader.GetBoolean(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<string[]>(5), reader.GetBoolean(6), reader.GetBoolean(7));
            await lines.FlushWhenFullAsync(cancellationToken);
        }

        return await lines.CompleteAsync(cancellationToken);
    }
}

/// <summary>
/// Change-set lines (<see cref="DeterminationChange"/>, web JSON as <c>JsonSerializerDefaults.Web</c>
/// writes it) put together from pre-encoded pieces, no serializer or writer call per field (a full
/// run writes a million lines), handed on in megabyte chunks; counts the changes and the new
/// inclusion and exclusion errors among them.
/// </summary>
internal sealed class ChangeLines(ChannelWriter<ArraySegment<byte>> chunks)
{
    private const int BufferSize = 1 << 20;
    private readonly Dictionary<string, byte[]> encoded = new(StringComparer.Ordinal);
    // Handed on whole and returned to the pool by the upload: a full run's 230 MB of lines would
    // otherwise be as many fresh megabytes, each page faulted in and collected.
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize + (1 << 16));
    private int length;
    private int changed, inclusion, exclusion;

    public void Write(
        ReadOnlySpan<byte> pid, string provinceCode, bool cardHolder, string outcome, string? previousOutcome, IReadOnlyList<string> failedCriteria,
        bool inclusionError, bool exclusionError)
    {
        Append("{\"pid\":"u8);
        AppendPid(pid);
        Append(",\"provinceCode\":"u8);
        Append(Encoded(provinceCode));
        Append(cardHolder ? ",\"cardHolder\":true,\"outcome\":"u8 : ",\"cardHolder\":false,\"outcome\":"u8);
        Append(Encoded(outcome));
        Append(",\"previousOutcome\":"u8);
        Append(previousOutcome is null ? "null"u8 : Encoded(previousOutcome));
        Append(",\"failedCriteria\":["u8);
        for (var i = 0; i < failedCriteria.Count; i++)
        {
            if (i > 0)
            {
                Append(","u8);
            }

            Append(Encoded(failedCriteria[i]));
        }

        Append(inclusionError ? "],\"inclusionError\":true"u8 : "],\"inclusionError\":false"u8);
        Append(exclusionError ? ",\"exclusionError\":true}\n"u8 : ",\"exclusionError\":false}\n"u8);
        changed++;
        inclusion += inclusionError ? 1 : 0;
        exclusion += exclusionError ? 1 : 0;
    }

    public async ValueTask FlushWhenFullAsync(CancellationToken cancellationToken)
    {
        if (length >= BufferSize)
        {
            await HandOnAsync(cancellationToken);
        }
    }

    /// <summary>Hands on the last lines; the counts of everything written.</summary>
    public async Task<ChangeCounts> CompleteAsync(CancellationToken cancellationToken)
    {
        await HandOnAsync(cancellationToken);
        return new ChangeCounts(changed, inclusion, exclusion);
    }

    private async ValueTask HandOnAsync(CancellationToken cancellationToken)
    {
        var full = new ArraySegment<byte>(buffer, 0, length);
        buffer = ArrayPool<byte>.Shared.Rent(buffer.Length);
        length = 0;
        await chunks.WriteAsync(full, cancellationToken);
    }

    /// <summary>A JSON string as the serializer escapes it, quotes included; each distinct text encoded once.</summary>
    private byte[] Encoded(string text)
    {
        if (!encoded.TryGetValue(text, out var json))
        {
            encoded[text] = json = [(byte)'"', .. JsonEncodedText.Encode(text).EncodedUtf8Bytes, (byte)'"'];
        }

        return json;
    }

    /// <summary>pids are hex digests, which need no escaping; anything else goes through the encoder.</summary>
    private void AppendPid(ReadOnlySpan<byte> pid)
    {
        if (pid.ContainsAnyExceptInRange((byte)'0', (byte)'z') || pid.ContainsAny("\\^`[]:;<=>?@"u8))
        {
            Append([(byte)'"', .. JsonEncodedText.Encode(pid).EncodedUtf8Bytes, (byte)'"']);
            return;
        }

        Append("\""u8);
        Append(pid);
        Append("\""u8);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + bytes.Length));
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }
}

/// <summary>Changed determinations, and among them new inclusion and exclusion errors.</summary>
internal sealed record ChangeCounts(int Changed, int Inclusion, int Exclusion)
{
    public static ChangeCounts operator +(ChangeCounts left, ChangeCounts right) =>
        new(left.Changed + right.Changed, left.Inclusion + right.Inclusion, left.Exclusion + right.Exclusion);
}

/// <summary>
/// A change set on its way to <paramref name="Blob"/>: lines go into <paramref name="Chunks"/>;
/// <paramref name="Uploaded"/> completes when the blob is written, after the writers complete the channel.
/// </summary>
internal sealed record ChangeSetUpload(string Blob, ChannelWriter<ArraySegment<byte>> Chunks, Task Uploaded)
{
    public PublishedChanges Published(ChangeCounts counts) => new(counts.Changed, counts.Inclusion, counts.Exclusion, Blob, Uploaded);

    /// <summary>Stops the upload after a failure (the caller's failure is the one reported).</summary>
    public async Task StopAsync(Exception failure)
    {
        Chunks.TryComplete(failure);
        await Uploaded.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}

/// <summary>
/// What an evaluation's change set holds and where it is. <paramref name="Uploaded"/> completes when
/// the blob is written: the caller awaits it before committing the event that names the blob.
/// </summary>
internal sealed record PublishedChanges(int Changed, int NewInclusionErrors, int NewExclusionErrors, string ChangeSetBlob, Task Uploaded);
