using WelfarePlatform.RegistrationIngest.Applicants;
using WelfarePlatform.RegistrationIngest.Audit;
using WelfarePlatform.RegistrationIngest.Batches;
using WelfarePlatform.RegistrationIngest.Batches.Kinds;
using WelfarePlatform.RegistrationIngest.Sources;
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
        builder.Services.AddSingleton<IBatchKind, RegistrationsKind>();
        builder.Services.AddSingleton<IBatchKind, EvidenceKind>();
        builder.Services.AddSingleton<IBatchKind, PaymentsKind>();
        builder.Services.AddSingleton<BatchLoader>();
        builder.Services.AddHostedService<BatchProcessor>();

        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<ApplicantStore>();
        builder.Services.AddSingleton<SourceCadence>();
        builder.Services.AddSingleton<SourceStore>();
    }
}
