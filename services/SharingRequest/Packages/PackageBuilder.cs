using System.Text;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Npgsql;
using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Agreements;
using WelfarePlatform.SharingRequest.Audit;
using WelfarePlatform.SharingRequest.Catalog;
using WelfarePlatform.SharingRequest.Requests;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// Gathers an approved request's data from the owning services' exports through their typed clients,
/// streams every dataset to Blob storage as CSV and Parquet at once (read, CSV and Parquet overlap;
/// one row group in memory, no row limit; each file appears whole or not at all) with the data
/// dictionary and the agreement, and records the package and its expiry with an
/// audit row. pids are re-keyed under the package's own key. Each build writes under a new prefix, so
/// a failed build leaves the standing package as it was.
/// </summary>
public sealed class PackageBuilder(
    IDashboardApi dashboard, IEligibilityExports eligibility, IRegistryExports registry, BlobServiceClient blobs, NpgsqlDataSource dataSource,
    CatalogStore catalog, ActivityClassStore classes, AgreementClauseStore clauses, PackageOptions options, TimeProvider clock)
{
    public const string Container = "sharing-packages";

    public async Task<PackageManifest> BuildAsync(SharingRequestView request, string actor, string role, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var datasets = await catalog.LoadAsync(request.Datasets.Select(d => d.DatasetId!).ToList(), cancellationToken);
        var prefix = $"{request.RequestId}/{Guid.CreateVersion7():N}";
        var pidKey = await PidKeyAsync(request.RequestId, cancellationToken);
        var files = new List<string>();
        long rows = 0;

        foreach (var requested in request.Datasets)
        {
            var dataset = datasets.First(d => d.DatasetId == requested.DatasetId);
            var fields = requested.Fields!.Select(name => dataset.Fields.First(f => f.Name == name)).ToList();
            rows += await WriteDatasetAsync(container, prefix, dataset, fields, pidKey, cancellationToken);
            files.AddRange([$"{dataset.DatasetId}.csv", $"{dataset.DatasetId}.parquet"]);
        }

        await UploadAsync(container, prefix, "dictionary.csv", Dictionary(request, datasets), cancellationToken);
        var activityClass = (await classes.FindAsync(request.ActivityClass, cancellationToken))!;
        var agreement = AgreementRenderer.Render(request, activityClass, await clauses.LoadAsync(activityClass.AgreementClauses, cancellationToken), datasets);
        await UploadAsync(container, prefix, "agreement.html", agreement, cancellationToken);
        var pdf = AgreementPdf.Render(request, activityClass, await clauses.LoadAsync(activityClass.AgreementClauses, cancellationToken), datasets);
        await container.GetBlobClient($"{prefix}/agreement.pdf").UploadAsync(BinaryData.FromBytes(pdf), overwrite: true, cancellationToken);
        files.AddRange(["dictionary.csv", "agreement.html", "agreement.pdf"]);

        var builtAt = AuditLog.Microseconds(clock.GetUtcNow());
        var expiresAt = builtAt + options.Lifetime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var upsert = new NpgsqlCommand("""
            insert into packages (request_id, built_at, expires_at, files, blob_prefix) values ($1, $2, $3, $4, $5)
            on conflict (request_id) do update set built_at = excluded.built_at, expires_at = excluded.expires_at, files = excluded.files, blob_prefix = excluded.blob_prefix
            """, connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter { Value = request.RequestId });
            upsert.Parameters.Add(new NpgsqlParameter { Value = builtAt });
            upsert.Parameters.Add(new NpgsqlParameter { Value = expiresAt });
            upsert.Parameters.Add(new NpgsqlParameter { Value = files.ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = prefix });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditLog.AppendAsync(connection, transaction, builtAt, actor, role, "package.built", request.RequestId,
            $"{{\"files\":[\"{string.Join("\",\"", files)}\"],\"rows\":{rows},\"expiresAt\":\"{expiresAt:O}\"}}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PackageManifest(request.RequestId, builtAt, expiresAt, files.Select(f => new PackageFile(f, $"/api/requests/{request.RequestId}/package/files/{f}")).ToList());
    }

    /// <summary>Streams one dataset from its owner to <c>{dataset}.csv</c> and <c>{dataset}.parquet</c>; answers the number of rows.</summary>
    private async Task<long> WriteDatasetAsync(
        BlobContainerClient container, string prefix, Dataset dataset, IReadOnlyList<DatasetField> fields, byte[] pidKey, CancellationToken cancellationToken)
    {
        await using var csv = new BlockUploadStream(container.GetBlockBlobClient($"{prefix}/{dataset.DatasetId}.csv"));
        await using var parquet = new BlockUploadStream(container.GetBlockBlobClient($"{prefix}/{dataset.DatasetId}.parquet"));
        await using var writer = await PackageTableWriter.CreateAsync(fields, csv, parquet, options.RowGroupSize, cancellationToken);
        var names = fields.Select(f => f.Name).ToList();
        if (dataset.DatasetId == "dashboard.targeted")
        {
            var summary = await dashboard.GetTargetedSummaryAsync("round-2022", cancellationToken);
            foreach (var row in TargetedCsv.Rows(summary, names))
            {
                await writer.AddAsync(row, cancellationToken);
            }
        }
        else
        {
            using var response = dataset.DatasetId switch
            {
                "eligibility.determinations" => await eligibility.GetDeterminationsAsync(null, string.Join(',', names), cancellationToken),
                "registry.applicants" => await registry.GetRegistrantsAsync(string.Join(',', names), cancellationToken),
                _ => throw new InvalidOperationException($"{dataset.DatasetId} has no export; PackageSources should have refused it."),
            };
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"{dataset.HeldBy} answered {(int)response.StatusCode} to the export of {dataset.DatasetId}", null, response.StatusCode);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var pids = new PidRekeyer(pidKey);
            await ExportCsv.CopyAsync(body, names, pids, writer, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
        await Task.WhenAll(csv.CommitAsync(cancellationToken), parquet.CommitAsync(cancellationToken));
        return writer.Rows;
    }

    /// <summary>The request's own pid key, made on its first build and kept so a rebuild gives the same pids.</summary>
    private async Task<byte[]> PidKeyAsync(Guid requestId, CancellationToken cancellationToken)
    {
        await using var keep = dataSource.CreateCommand("""
            insert into package_pid_keys (request_id, pid_key) values ($1, $2) on conflict (request_id) do nothing;
            """);
        keep.Parameters.Add(new NpgsqlParameter { Value = requestId });
        keep.Parameters.Add(new NpgsqlParameter { Value = RandomNumberGenerator.GetBytes(32) });
        await keep.ExecuteNonQueryAsync(cancellationToken);
        await using var select = dataSource.CreateCommand("select pid_key from package_pid_keys where request_id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = requestId });
        return (byte[])(await select.ExecuteScalarAsync(cancellationToken))!;
    }
    private static string Dictionary(SharingRequestView request, IReadOnlyList<Dataset> datasets)
    {
        var csv = new StringBuilder("dataset,field,type,classification,personal,meaning_en,meaning_th\n");
        foreach (var requested in request.Datasets)
        {
            var dataset = datasets.First(d => d.DatasetId == requested.DatasetId);
            foreach (var field in dataset.Fields.Where(f => requested.Fields!.Contains(f.Name)))
            {
                csv.Append(dataset.DatasetId).Append(',').Append(field.Name).Append(',')
                    .Append(PackageSources.PidFields.Contains(field.Name) ? $"char({PidRekeyer.Length})" : field.DataType).Append(',').Append(field.Classification).Append(',')
                    .Append(field.Personal ? "yes" : "no").Append(",\"").Append(field.MeaningEn.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",\"")
                    .Append(field.MeaningTh.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
            }
        }

        return csv.ToString();
    }

    private static async Task UploadAsync(BlobContainerClient container, string prefix, string name, string content, CancellationToken cancellationToken) =>
        await container.GetBlobClient($"{prefix}/{name}").UploadAsync(BinaryData.FromString(content), overwrite: true, cancellationToken);
}
