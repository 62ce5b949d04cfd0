using System.Buffers;
using System.Text.Json;
using Azure.Storage.Blobs;
using Npgsql;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Ends an evaluation: writes the changed determinations to Blob storage (named by evaluation id,
/// so a retried transaction overwrites the same blob), and enqueues <see cref="DeterminationsChanged"/>
/// with the ruleset's per-province counts through the outbox, in the caller's transaction.
/// </summary>
public sealed class DeterminationsPublisher(BlobServiceClient blobs, Outbox outbox, TimeProvider clock)
{
    public const string Container = "determination-changes";
    private const int BufferSize = 1 << 20;
    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web);

    internal async Task<PublishedChanges> PublishAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, EvaluationRun run, string trigger, Guid? sourceBatchId, DateOnly asOf,
        Guid correlationId, int evaluated, CancellationToken cancellationToken)
    {
        var ruleset = run.Evaluator.Ruleset;
        var blobName = $"{ruleset.Id}/{run.EvaluationId}.jsonl";
        var (changed, inclusion, exclusion) = await WriteChangeSetAsync(connection, transaction, run.EvaluationId, blobName, cancellationToken);
        var published = new PublishedChanges(changed, inclusion, exclusion, $"{Container}/{blobName}");

        var provinces = await ProvinceCounts.ReadAsync(connection, transaction, ruleset.Id, cancellationToken);
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
            Changed = changed,
            NewInclusionErrors = inclusion,
            NewExclusionErrors = exclusion,
            ChangeSetBlob = published.ChangeSetBlob,
            Provinces = provinces,
            ComputedAt = clock.GetUtcNow(),
        };
        await outbox.EnqueueAsync(connection, transaction, changedEvent, changedEvent.EventId, correlationId, cancellationToken);

        await using (var forget = new NpgsqlCommand("delete from determination_changes where evaluation_id = $1", connection, transaction))
        {
            forget.Parameters.Add(new NpgsqlParameter { Value = run.EvaluationId });
            await forget.ExecuteNonQueryAsync(cancellationToken);
        }

        return published;
    }

    private async Task<(int Changed, int Inclusion, int Exclusion)> WriteChangeSetAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid evaluationId, string blobName, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await using var select = new NpgsqlCommand(
            """
            select pid, province_code, card_holder, outcome, previous_outcome, failed_criteria, inclusion_error, exclusion_error
            from determination_changes where evaluation_id = $1 order by pid
            """, connection, transaction);
        select.Parameters.Add(new NpgsqlParameter { Value = evaluationId });
        int changed = 0, inclusion = 0, exclusion = 0;
        // Lines are serialized into a buffer written to the blob a megabyte at a time: a million
        // changed determinations (a first full run) would otherwise be a million small async writes.
        var buffer = new ArrayBufferWriter<byte>(BufferSize + 4096);
        await using (var blob = await container.GetBlobClient(blobName).OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken))
        await using (var json = new Utf8JsonWriter(buffer))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var line = new DeterminationChange
                {
                    Pid = reader.GetString(0),
                    ProvinceCode = reader.GetString(1),
                    CardHolder = reader.GetBoolean(2),
                    Outcome = reader.GetString(3),
                    PreviousOutcome = reader.IsDBNull(4) ? null : reader.GetString(4),
                    FailedCriteria = reader.GetFieldValue<string[]>(5),
                    InclusionError = reader.GetBoolean(6),
                    ExclusionError = reader.GetBoolean(7),
                };
                JsonSerializer.Serialize(json, line, LineJson);
                json.Flush();
                json.Reset();
                buffer.Write("\n"u8);
                if (buffer.WrittenCount >= BufferSize)
                {
                    await blob.WriteAsync(buffer.WrittenMemory, cancellationToken);
                    buffer.ResetWrittenCount();
                }

                changed++;
                inclusion += line.InclusionError ? 1 : 0;
                exclusion += line.ExclusionError ? 1 : 0;
            }

            await blob.WriteAsync(buffer.WrittenMemory, cancellationToken);
        }

        return (changed, inclusion, exclusion);
    }
}

/// <summary>What an evaluation's change set holds and where it is.</summary>
internal sealed record PublishedChanges(int Changed, int NewInclusionErrors, int NewExclusionErrors, string ChangeSetBlob);
