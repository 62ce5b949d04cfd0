namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>A built package: its files and when access ends (earlier if the request is revoked).</summary>
public sealed record PackageManifest(Guid RequestId, DateTimeOffset BuiltAt, DateTimeOffset ExpiresAt, IReadOnlyList<PackageFile> Files);

/// <summary>One file of a package and the service URL that serves it while the package stands.</summary>
public sealed record PackageFile(string Name, string Url);

/// <summary>How long a package can be downloaded after it is built (<c>Sharing:PackageLifetime</c>, default 7 days).</summary>
public sealed record PackageOptions(TimeSpan Lifetime);
