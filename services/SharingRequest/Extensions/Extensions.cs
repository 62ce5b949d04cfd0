using Microsoft.Extensions.DependencyInjection.Extensions;
using WelfarePlatform.ServiceDefaults.Blobs;
using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.ServiceDefaults.Messaging;
using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Agreements;
using WelfarePlatform.SharingRequest.Audit;
using Refit;
using WelfarePlatform.SharingRequest.Catalog;
using WelfarePlatform.SharingRequest.Packages;
using WelfarePlatform.SharingRequest.Requests;

namespace WelfarePlatform.SharingRequest.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("sharingdb");
        builder.AddBlobServiceClient("blobs");
        builder.AddMessaging();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ActivityClassStore>();
        builder.Services.AddSingleton<CatalogStore>();
        builder.Services.AddSingleton<RequestStore>();
        builder.Services.AddSingleton<AgreementClauseStore>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton(new PackageOptions(builder.Configuration.GetValue("Sharing:PackageLifetime", TimeSpan.FromDays(7))));
        builder.Services.AddSingleton<PackageStore>();
        builder.Services.AddScoped<PackageBuilder>();
        builder.Services.AddTransient<ServiceTokenHandler>();
        builder.Services.AddRefitGeneratedClient<IDashboardApi>()
            .ConfigureHttpClient(http => http.BaseAddress = new Uri("http://dashboard-api"))
            .AddHttpMessageHandler<ServiceTokenHandler>();
    }
}
