using WelfarePlatform.RegistrationIngest.Batches;
using WelfarePlatform.RegistrationIngest.Extensions;
using WelfarePlatform.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapBatchesApi();

await app.MigrateDatabaseAsync("registration-ingest");
await app.RunAsync();
