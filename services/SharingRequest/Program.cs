using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapActivityClassesApi();

await app.MigrateDatabaseAsync("sharing-request");
await app.RunAsync();
