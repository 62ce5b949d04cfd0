using WelfarePlatform.DashboardApi.Suppression;
using WelfarePlatform.DashboardApi.Targeted;
using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.DashboardApi.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("dashboarddb");
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<RegistrantsByProvinceChangedConsumer>();
            bus.AddConsumer<DeterminationsChangedConsumer>();
        });

        builder.Services.AddSingleton(new SuppressionOptions(builder.Configuration.GetValue("Dashboard:SuppressionK", SuppressionOptions.DefaultK)));
        builder.Services.AddSingleton<TargetedReadModel>();
    }
}
