using WelfarePlatform.RegistrationIngest.Batches;
using WelfarePlatform.ServiceDefaults.Blobs;
using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.ServiceDefaults.Identity;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.RegistrationIngest.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("registrydb");
        builder.AddBlobServiceClient("blobs");
        builder.AddMessaging();

        builder.Services.AddSingleton(PidHasher.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RawFileStore>();
        builder.Services.AddSingleton<BatchStore>();
        builder.Services.AddSingleton<RegistrationBatchLoader>();
        builder.Services.AddHostedService<BatchProcessor>();
    }
}
