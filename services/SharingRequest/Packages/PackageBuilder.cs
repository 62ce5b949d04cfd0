using System.Text;
using Azure.Storage.Blobs;
using Npgsql;
using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Agreements;
using WelfarePlatform.SharingRequest.Audit;
using WelfarePlatform.SharingRequest.Catalog;
using WelfarePlatform.SharingRequest.Requests;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// Gathers an approved request's data from the owning service, writes it to Blob storage as CSV with
/// the data dictionary and the agreement, and records the package and its expiry with an audit row.
/// Files are named by request id, so building again overwrites the same package.
/// </summary>
public sealed class PackageBuilder(
    IDashboardApi dashboard, BlobServiceClient blobs, NpgsqlDataSource dataSource, CatalogStore catalog, ActivityClassStore classes,
    AgreementClauseStore clauses, PackageOptions options, TimeProvider clock)
{
    public const string Container = "sharing-packages";

    /// <summary>The datasets a package can be built from so far, with the service export that serves each.</summary>
    public static readonly IReadOnlySet<string> Exportable = new HashSet<string> { "dashboard.targeted" };

    public async Task<PackageManifest> BuildAsync(SharingRequestView request, string actor, string role, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var datasets = await catalog.LoadAsync(request.Datasets.Select(d => d.DatasetId!).ToList(), cancellationToken);
        var files = new List<string>();
        var rows = 0;

        foreach (var requested in request.Datasets)
        {
            var name = $"{requested.DatasetId}.csv";
            var summary = await dashboard.GetTargetedSummaryAsync("round-2022", cancellationToken);
            await using (var stream = await container.GetBlobClient($"{request.RequestId}/{name}").OpenWriteAsync(true, cancellationToken: cancellationToken))
            await using (var csv = new StreamWriter(stream, new UTF8Encoding(false)))
            {
                rows += TargetedCsv.Write(summary, requested.Fields!, csv);
            }

            files.Add(name);
        }

        await UploadAsync(container, request.RequestId, "dictionary.csv", Dictionary(request, datasets), cancellationToken);
        var activityClass = (await classes.FindAsync(request.ActivityClass, cancellationToken))!;
        var agreement = AgreementRenderer.Render(request, activityClass, await clauses.LoadAsync(activityClass.AgreementClauses, cancellationToken), datasets);
        await UploadAsync(container, request.RequestId, "agreement.html", agreement, cancellationToken);
        files.AddRange(["dictionary.csv", "agreement.html"]);

        var builtAt = AuditLog.Microseconds(clock.GetUtcNow());
        var expiresAt = builtAt + options.Lifetime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var upsert = new NpgsqlCommand("""
            insert into packages (request_id, built_at, expires_at, files) values ($1, $2, $3, $4)
            on conflict (request_id) do update set built_at = excluded.built_at, expires_at = excluded.expires_at, files = excluded.files
            """, connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter { Value = request.RequestId });
            upsert.Parameters.Add(new NpgsqlParameter { Value = builtAt });
            upsert.Parameters.Add(new NpgsqlParameter { Value = expiresAt });
            upsert.Parameters.Add(new NpgsqlParameter { Value = files.ToArray() });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditLog.AppendAsync(connection, transaction, builtAt, actor, role, "package.built", request.RequestId,
            $"{{\"files\":[\"{string.Join("\",\"", files)}\"],\"rows\":{rows},\"expiresAt\":\"{expiresAt:O}\"}}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PackageManifest(request.RequestId, builtAt, expiresAt, files.Select(f => new PackageFile(f, $"/api/requests/{request.RequestId}/package/files/{f}")).ToList());
    }

    private static string Dictionary(SharingRequestView request, IReadOnlyList<Dataset> datasets)
    {
        var csv = new StringBuilder("dataset,field,type,classification,personal,meaning_en,meaning_th\n");
        foreach (var requested in request.Datasets)
        {
            var dataset = datasets.First(d => d.DatasetId == requested.DatasetId);
            foreach (var field in dataset.Fields.Where(f => requested.Fields!.Contains(f.Name)))
            {
                csv.Append(dataset.DatasetId).Append(',').Append(field.Name).Append(',').Append(field.DataType).Append(',').Append(field.Classification).Append(',')
                    .Append(field.Personal ? "yes" : "no").Append(",\"").Append(field.MeaningEn.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",\"")
                    .Append(field.MeaningTh.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
            }
        }

        return csv.ToString();
    }

    private static async Task UploadAsync(BlobContainerClient container, Guid requestId, string name, string content, CancellationToken cancellationToken) =>
        await container.GetBlobClient($"{requestId}/{name}").UploadAsync(BinaryData.FromString(content), overwrite: true, cancellationToken);
}
