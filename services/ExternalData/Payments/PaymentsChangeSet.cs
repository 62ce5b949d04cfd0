using System.IO.Compression;
using System.Text.Json;
using Azure.Storage.Blobs;
using Npgsql;
using WelfarePlatform.Contracts;
using WelfarePlatform.ExternalData.Series;

namespace WelfarePlatform.ExternalData.Payments;

/// <summary>
/// Adds a payments batch's change set (JSON lines of <see cref="PaymentTotal"/>, deltas per province,
/// day and program) to the <c>payments</c> (baht) and <c>payments-count</c> series, summed over
/// programs, in the caller's transaction. The change set is read line by line, so a large batch
/// is never held whole.
/// </summary>
public sealed class PaymentsChangeSet(BlobServiceClient blobs, SeriesWriter writer)
{
    public const string AmountSeries = "payments";
    public const string CountSeries = "payments-count";
    private static readonly JsonSerializerOptions ChangeSetJson = new(JsonSerializerDefaults.Web);

    public async Task ApplyAsync(RegistryBatchCompleted completed, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var claim = new NpgsqlCommand(
            "insert into applied_payment_batches (batch_id) values ($1) on conflict do nothing", connection, transaction))
        {
            claim.Parameters.Add(new NpgsqlParameter { Value = completed.BatchId });
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return;
            }
        }

        var totals = new Dictionary<(string Province, DateOnly Day), (decimal Amount, long Payments)>();
        var separator = completed.ChangeSetBlob.IndexOf('/', StringComparison.Ordinal);
        var blob = blobs.GetBlobContainerClient(completed.ChangeSetBlob[..separator]).GetBlobClient(completed.ChangeSetBlob[(separator + 1)..]);
        await using (var download = await blob.OpenReadAsync(cancellationToken: cancellationToken))
        await using (var stream = completed.ChangeSetBlob.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(download, CompressionMode.Decompress) : download)
        using (var lines = new StreamReader(stream))
        {
            while (await lines.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var payment = JsonSerializer.Deserialize<PaymentTotal>(line, ChangeSetJson)!;
                var key = (payment.ProvinceCode, payment.PaidOn);
                var sum = totals.GetValueOrDefault(key);
                totals[key] = (sum.Amount + payment.Amount, sum.Payments + payment.Payments);
            }
        }

        var points = new List<SeriesPoint>(totals.Count * 2);
        foreach (var ((province, day), (amount, payments)) in totals)
        {
            points.Add(new SeriesPoint(AmountSeries, province, day, amount));
            points.Add(new SeriesPoint(CountSeries, province, day, payments));
        }

        await writer.WriteAsync(connection, transaction, points, SeriesWriteMode.Add, $"payments:{completed.BatchId}", completed.AsOf, completed.CorrelationId, cancellationToken);
    }
}
