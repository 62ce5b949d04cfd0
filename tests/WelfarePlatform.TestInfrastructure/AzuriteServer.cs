using System.Globalization;

namespace WelfarePlatform.TestInfrastructure;

/// <summary>Azurite's blob service on 127.0.0.1:<see cref="ServerContainer.Port"/> with the well-known dev account.</summary>
public sealed class AzuriteServer : ServerContainer
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key (not a secret).</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly HttpClient Http = new();

    public AzuriteServer() : this(FreePort.Next())
    {
    }

    private AzuriteServer(int port)
        : base("welfare-azurite", port,
            new Dictionary<string, string> { ["AZURITE_PORT"] = port.ToString(CultureInfo.InvariantCulture) })
    {
    }

    /// <summary>The blob endpoint, <c>http://127.0.0.1:PORT/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint => EndpointAt(Port);

    /// <summary>Azure Storage connection string (blob endpoint only).</summary>
    public override string ConnectionString => ConnectionStringAt(Port);

    /// <summary>The account's connection string on another port: on one nobody listens on, Blob storage is down.</summary>
    public static string ConnectionStringAt(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={EndpointAt(port)};";

    private static Uri EndpointAt(int port) => new($"http://127.0.0.1:{port}/{AccountName}");

    private protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        // Any HTTP answer (403 without a signature) means the blob service is serving.
        using var response = await Http.GetAsync(new Uri(BlobEndpoint, "?comp=list"), cancellationToken);
        return (int)response.StatusCode > 0;
    }
}
