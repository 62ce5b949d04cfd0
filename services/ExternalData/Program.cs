using WelfarePlatform.ExternalData.Extensions;
using WelfarePlatform.ExternalData.Series;
using WelfarePlatform.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSeriesApi();

await app.MigrateDatabaseAsync("external-data");
await app.RunAsync();
