using WelfarePlatform.ExternalData.Covid;
using WelfarePlatform.ExternalData.Disasters;
using WelfarePlatform.ExternalData.Payments;
using WelfarePlatform.ExternalData.Series;
using WelfarePlatform.ExternalData.Timeliness;
using WelfarePlatform.ServiceDefaults.Blobs;
using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.ExternalData.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("externaldb");
        builder.AddBlobServiceClient("blobs");
        builder.AddMessaging(bus => bus.AddConsumer<PaymentsChangeSetConsumer>());

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SeriesStore>();
        builder.Services.AddSingleton<SeriesWriter>();
        builder.Services.AddSingleton<CovidCasesFeed>();
        builder.Services.AddSingleton<DisasterFeed>();
        builder.Services.AddSingleton<PaymentsChangeSet>();
        builder.Services.AddSingleton<TimelinessStore>();
        builder.Services.AddSingleton<FeedPullStore>();

        builder.Services.Configure<CovidFeedOptions>(builder.Configuration.GetSection(CovidFeedOptions.Section));
        // The puller's own schedule (PullSchedule) is the retry and backoff: the platform's standard
        // resilience handler would add hidden retries inside one attempt and hammer a failing source.
        // RemoveAllResilienceHandlers is marked for evaluation (EXTEXP0001); it is the documented way to opt one client out.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(CovidFeedPuller.HttpClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddHostedService<CovidFeedPuller>();
    }
}
