using WelfarePlatform.ServiceDefaults.Blobs;
using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.ServiceDefaults.Messaging;
using WelfarePlatform.SharingRequest.ActivityClasses;

namespace WelfarePlatform.SharingRequest.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("sharingdb");
        builder.AddBlobServiceClient("blobs");
        builder.AddMessaging();
        builder.Services.AddSingleton<ActivityClassStore>();
    }
}
