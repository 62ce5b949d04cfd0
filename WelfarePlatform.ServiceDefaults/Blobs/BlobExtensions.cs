using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace WelfarePlatform.ServiceDefaults.Blobs;

public static class BlobExtensions
{
    /// <summary>
    /// What Aspire.Azure.Storage.Blobs gives: a <see cref="BlobServiceClient"/> from
    /// <c>ConnectionStrings:{connectionName}</c> with a readiness health check.
    /// </summary>
    public static IHostApplicationBuilder AddBlobServiceClient(this IHostApplicationBuilder builder, string connectionName = "blobs")
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Set the environment variable ConnectionStrings__{connectionName} " +
                "to an Azure Storage connection string (Azurite locally).");
        }

        builder.Services.AddSingleton(_ => new BlobServiceClient(connectionString));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName,
            services => new BlobStorageHealthCheck(services.GetRequiredService<BlobServiceClient>()),
            HealthStatus.Unhealthy,
            ["ready"],
            TimeSpan.FromSeconds(10)));
        return builder;
    }

    private sealed class BlobStorageHealthCheck(BlobServiceClient client) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await foreach (var _ in client.GetBlobContainersAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1).WithCancellation(cancellationToken))
                {
                    break;
                }

                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("Blob storage did not answer.", e);
            }
        }
    }
}
