using Azure.Storage.Blobs;

namespace WelfarePlatform.TestInfrastructure.Tests;

public sealed class AzuriteTests(InfrastructureFixture infrastructure)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_uploaded_blob_downloads_unchanged()
    {
        var service = new BlobServiceClient(infrastructure.Azurite.ConnectionString);
        var container = service.GetBlobContainerClient("smoke");
        await container.CreateIfNotExistsAsync(cancellationToken: _ct);
        var content = BinaryData.FromString("id;name\n1;Åsa\n");

        await container.GetBlobClient("batches/1.csv").UploadAsync(content, overwrite: true, _ct);
        var downloaded = await container.GetBlobClient("batches/1.csv").DownloadContentAsync(_ct);

        downloaded.Value.Content.ToString().ShouldBe(content.ToString());
        service.Uri.ShouldBe(infrastructure.Azurite.BlobEndpoint);
    }
}
