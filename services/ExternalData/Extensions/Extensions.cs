using WelfarePlatform.ExternalData.Series;
using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.ExternalData.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("externaldb");
        builder.AddMessaging();
        builder.Services.AddSingleton<SeriesStore>();
    }
}
