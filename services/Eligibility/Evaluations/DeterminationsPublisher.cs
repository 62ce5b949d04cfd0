using System.Buffers;
using System.IO.Compression;
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
    // DeterminationChange's property names as JsonSerializerDefaults.Web writes them.
    private static readonly JsonEncodedText PidName = JsonEncodedText.Encode("pid");
    private static readonly JsonEncodedText ProvinceCodeName = JsonEncodedText.Encode("provinceCode");
    private static readonly JsonEncodedText CardHolderName = JsonEncodedText.Encode("cardHolder");
    private static readonly JsonEncodedText OutcomeName = JsonEncodedText.Encode("outcome");
    private static readonly JsonEncodedText PreviousOutcomeName = JsonEncodedText.Encode("previousOutcome");
    private static readonly JsonEncodedText FailedCriteriaName = JsonEncodedText.Encode("failedCriteria");
    private static readonly JsonEncodedText InclusionErrorName = JsonEncodedText.Encode("inclusionError");
    private static readonly JsonEncodedText ExclusionErrorName = JsonEncodedText.Encode("exclusionError");

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
        var chunks = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(ChunksAhead) { SingleReader = true });
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
    private static async Task UploadAsync(BlobClient blob, ChannelReader<byte[]> chunks, CancellationToken cancellationToken)
    {
        await Task.Yield(); // the reading starts at once; the upload runs beside it
        var options = new BlobOpenWriteOptions { BufferSize = 4 * BufferSize, HttpHeaders = new BlobHttpHeaders { ContentType = "application/gzip" } };
        await using var stream = await blob.OpenWriteAsync(overwrite: true, options, cancellationToken);
        await using var gzip = new GZipStream(stream, CompressionLevel.Fastest);
        await foreach (var chunk in chunks.ReadAllAsync(cancellationToken))
        {
            await gzip.WriteAsync(chunk, cancellationToken);
        }
    }

    /// <summary>The determinations in the session's <c>decided</c> that differ from the stored ones, as change-set lines into <paramref name="chunks"/>.</summary>
    internal static async Task<ChangeCounts> WriteChangesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, ChannelWriter<byte[]> chunks, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(SqlEvaluation.ChangedSelect, connection, transaction) { CommandTimeout = Facts.BulkCommands.TimeoutSeconds };
        select.Parameters.Add(new NpgsqlParameter { Value = run.Evaluator.Ruleset.Id });
        int changed = 0, inclusion = 0, exclusion = 0;
        // Lines (DeterminationChange, web JSON) are written field by field: no serializer call per line.
        var buffer = new ArrayBufferWriter<byte>(BufferSize + 4096);
        await using var json = new Utf8JsonWriter(buffer);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var inclusionError = reader.GetBoolean(6);
            var exclusionError = reader.GetBoolean(7);
            json.WriteStartObject();
            json.WriteString(PidName, reader.GetString(0));
            json.WriteString(ProvinceCodeName, reader.GetString(1));
            json.WriteBoolean(CardHolderName, reader.GetBoolean(2));
            json.WriteString(OutcomeName, reader.GetString(3));
            if (reader.IsDBNull(4))
            {
                json.WriteNull(PreviousOutcomeName);
            }
            else
            {
                json.WriteString(PreviousOutcomeName, reader.GetString(4));
            }

            json.WriteStartArray(FailedCriteriaName);
            foreach (var criterion in reader.GetFieldValue<string[]>(5))
            {
                json.WriteStringValue(criterion);
            }

            json.WriteEndArray();
            json.WriteBoolean(InclusionErrorName, inclusionError);
            json.WriteBoolean(ExclusionErrorName, exclusionError);
            json.WriteEndObject();
            json.Flush();
            json.Reset();
            buffer.Write("\n"u8);
            if (buffer.WrittenCount >= BufferSize)
            {
                await chunks.WriteAsync(buffer.WrittenSpan.ToArray(), cancellationToken);
                buffer.ResetWrittenCount();
            }

            changed++;
            inclusion += inclusionError ? 1 : 0;
            exclusion += exclusionError ? 1 : 0;
        }

        await chunks.WriteAsync(buffer.WrittenSpan.ToArray(), cancellationToken);
        return new ChangeCounts(changed, inclusion, exclusion);
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
internal sealed record ChangeSetUpload(string Blob, ChannelWriter<byte[]> Chunks, Task Uploaded)
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
