using WelfarePlatform.RegistrationIngest.Applicants;
using WelfarePlatform.RegistrationIngest.Audit;
using WelfarePlatform.RegistrationIngest.Batches;
using WelfarePlatform.RegistrationIngest.Exports;
using WelfarePlatform.RegistrationIngest.Extensions;
using WelfarePlatform.RegistrationIngest.Sources;
using WelfarePlatform.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapBatchesApi();
app.MapApplicantsApi();
app.MapAuditApi();
app.MapSourcesApi();
app.MapExportsApi();

await app.MigrateDatabaseAsync("registration-ingest");
await app.RunAsync();
