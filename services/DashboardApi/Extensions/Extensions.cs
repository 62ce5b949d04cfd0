using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;
using WelfarePlatform.DashboardApi.Changes;
using WelfarePlatform.DashboardApi.Freshness;
using WelfarePlatform.DashboardApi.Security;
using WelfarePlatform.DashboardApi.Stream;
using WelfarePlatform.DashboardApi.Suppression;
using WelfarePlatform.DashboardApi.Targeted;
using WelfarePlatform.DashboardApi.Timely;
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
            bus.AddConsumer<RegistryBatchFreshnessConsumer>();
            bus.AddConsumer<SeriesFreshnessConsumer>();
            bus.AddConsumer<TimelySeriesConsumer>();
        });

        var configuration = builder.Configuration;
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new SuppressionOptions(configuration.GetValue("Dashboard:SuppressionK", SuppressionOptions.DefaultK)));
        builder.Services.AddSingleton(new FreshnessOptions(configuration.GetValue("Dashboard:DefaultCadenceDays", FreshnessOptions.Default)));
        builder.Services.AddSingleton(new StreamOptions(configuration.GetValue("Dashboard:StreamKeepAlive", StreamOptions.DefaultKeepAlive)));
        builder.Services.AddSingleton<TargetedReadModel>();
        builder.Services.AddSingleton<FreshnessReadModel>();
        builder.Services.AddSingleton<TimelyReadModel>();
        builder.Services.AddSingleton<TimelyFetcher>();
        builder.Services.AddSingleton<SummaryCache>();
        builder.Services.AddSingleton<ValidatedTokenCache>();
        builder.Services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, ValidatedTokenCacheSetup>();
        builder.Services.AddSingleton<ChangeBroadcaster>();
        builder.Services.AddSingleton<ReadModelChangeListener>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ReadModelChangeListener>());

        // external-data by its service-discovery name (services:external-data:http:0 in configuration, as the AppHost and local runner set it).
        builder.Services.AddTransient<ServiceTokenHandler>();
        builder.Services.AddRefitGeneratedClient<IExternalDataApi>()
            .ConfigureHttpClient(http => http.BaseAddress = new Uri("http://external-data"))
            .AddHttpMessageHandler<ServiceTokenHandler>();
    }
}
