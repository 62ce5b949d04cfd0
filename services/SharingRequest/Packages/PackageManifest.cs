namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>A built package: its files and when access ends (earlier if the request is revoked).</summary>
public sealed record PackageManifest(Guid RequestId, DateTimeOffset BuiltAt, DateTimeOffset ExpiresAt, IReadOnlyList<PackageFile> Files)
{
    /// <summary>Where the files lie in the container (request id / build id); not part of the answer.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string BlobPrefix { get; init; } = RequestId.ToString();
}

/// <summary>One file of a package and the service URL that serves it while the package stands.</summary>
public sealed record PackageFile(string Name, string Url);

/// <summary>
/// How long a package can be downloaded after it is built (<c>Sharing:PackageLifetime</c>, default 7 days)
/// and how many rows each Parquet row group holds (<c>Sharing:ParquetRowGroupSize</c>, default 65,536: the rows held in memory per dataset).
/// </summary>
public sealed record PackageOptions(TimeSpan Lifetime, int RowGroupSize = PackageTableWriter.DefaultRowGroupSize);
