using Azure.Storage.Blobs;

namespace WelfarePlatform.Eligibility.Facts;

/// <summary>Opens a change set named "container/name" (<c>RegistryBatchCompleted.ChangeSetBlob</c>).</summary>
internal static class ChangeSetBlob
{
    public static async Task<StreamReader> OpenLinesAsync(BlobServiceClient blobs, string changeSetBlob, CancellationToken cancellationToken)
    {
        var separator = changeSetBlob.IndexOf('/', StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new InvalidOperationException($"Change set blob '{changeSetBlob}' is not 'container/name'.");
        }

        var blob = blobs.GetBlobContainerClient(changeSetBlob[..separator]).GetBlobClient(changeSetBlob[(separator + 1)..]);
        return new StreamReader(await blob.OpenReadAsync(cancellationToken: cancellationToken));
    }
}
