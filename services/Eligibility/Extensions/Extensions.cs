using WelfarePlatform.Eligibility.Facts;
using WelfarePlatform.ServiceDefaults.Blobs;
using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.Eligibility.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("eligibilitydb");
        builder.AddBlobServiceClient("blobs");
        builder.AddMessaging(bus => bus.AddConsumer<RegistryBatchCompletedConsumer>());

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PersonFactsStore>();
    }
}
