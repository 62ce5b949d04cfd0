using WelfarePlatform.Eligibility.Audit;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Evaluations;
using WelfarePlatform.Eligibility.Facts;
using WelfarePlatform.Eligibility.Rulesets;
using WelfarePlatform.Eligibility.Simulations;
using WelfarePlatform.ServiceDefaults.Blobs;
using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.ServiceDefaults.Identity;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.Eligibility.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // A registry change set is applied and its households re-evaluated in one transaction: at
        // 1M people its statements ran past Npgsql's 30 s default and the event went to `_error`.
        // HTTP queries end with their request (RequestAborted), so a long default is safe here.
        // A full run reads and writes millions of rows by COPY: quarter-megabyte buffers take them from
        // the socket in a few thousand reads rather than a hundred thousand (Npgsql's default is 8 KB).
        builder.AddNpgsqlDataSource("eligibilitydb", connection =>
        {
            connection.CommandTimeout = BulkCommands.TimeoutSeconds;
            connection.ReadBufferSize = 1 << 18;
            connection.WriteBufferSize = 1 << 18;
        });
        builder.AddBlobServiceClient("blobs");
        builder.AddMessaging(bus => bus.AddConsumer<RegistryBatchCompletedConsumer>());

        builder.Services.AddSingleton(PidHasher.FromConfiguration(builder.Configuration));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PersonFactsStore>();
        builder.Services.AddSingleton<EvidenceStore>();
        builder.Services.AddSingleton<RulesetStore>();
        builder.Services.AddSingleton<EvaluationDate>();
        builder.Services.AddSingleton<EvaluationStore>();
        builder.Services.AddSingleton<DeterminationsPublisher>();
        builder.Services.AddSingleton<FullRun>();
        builder.Services.AddSingleton<ChangeSetEvaluation>();
        builder.Services.AddSingleton<EvaluationQueueSignal>();
        builder.Services.AddSingleton<DeterminationStore>();
        builder.Services.AddSingleton<ExplainAuditLog>();
        builder.Services.AddSingleton<SimulationRunner>();
        builder.Services.AddHostedService<EvaluationWorker>();
    }
}
