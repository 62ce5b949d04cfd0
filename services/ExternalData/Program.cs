using WelfarePlatform.ExternalData.Extensions;
using WelfarePlatform.ExternalData.Feeds;
using WelfarePlatform.ExternalData.Series;
using WelfarePlatform.ExternalData.Timeliness;
using WelfarePlatform.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapSeriesApi();
app.MapFeedsApi();
app.MapTimelinessApi();

await app.MigrateDatabaseAsync("external-data");
await app.RunAsync();
