using Microsoft.Extensions.DependencyInjection.Extensions;
using WelfarePlatform.ServiceDefaults.Blobs;
using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.ServiceDefaults.Messaging;
using WelfarePlatform.ServiceDefaults.Security;
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
        AgreementFont.Install(builder.Configuration["Sharing:AgreementFont"]);
        builder.Services.AddSingleton(AuditHeadOptions.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton<AuditHeadStore>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddHostedService<AuditHeadSigner>();
        builder.Services.AddSingleton(new PackageOptions(
            builder.Configuration.GetValue("Sharing:PackageLifetime", TimeSpan.FromDays(7)),
            builder.Configuration.GetValue("Sharing:ParquetRowGroupSize", PackageTableWriter.DefaultRowGroupSize)));
        builder.Services.AddSingleton<PackageStore>();
        builder.Services.AddScoped<PackageBuilder>();
        AddOwnerClient<IDashboardApi>(builder, "http://dashboard-api", Roles.Analyst);
        AddOwnerClient<IEligibilityExports>(builder, "http://eligibility", Roles.Sharing);
        AddOwnerClient<IRegistryExports>(builder, "http://registration-ingest", Roles.Sharing);
    }

    /// <summary>A typed client for an owning service, found by service discovery, calling with a service token for one role.</summary>
    private static void AddOwnerClient<TClient>(IHostApplicationBuilder builder, string baseAddress, string role)
        where TClient : class
    {
        builder.Services.AddRefitGeneratedClient<TClient>()
            .ConfigureHttpClient(http => http.BaseAddress = new Uri(baseAddress))
            .AddHttpMessageHandler(services => new ServiceTokenHandler(services.GetRequiredService<AuthOptions>(), role));
    }
}
