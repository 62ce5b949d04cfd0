using WelfarePlatform.DashboardApi.Extensions;
using WelfarePlatform.DashboardApi.Freshness;
using WelfarePlatform.DashboardApi.ReadModels;
using WelfarePlatform.DashboardApi.Stream;
using WelfarePlatform.DashboardApi.Targeted;
using WelfarePlatform.DashboardApi.Timely;
using WelfarePlatform.DashboardApi.Web;
using WelfarePlatform.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapTargetedApi();
app.MapTimelyApi();
app.MapFreshnessApi();
app.MapStreamApi();
app.MapRebuildApi();
app.MapDashboardWeb();

await app.MigrateDatabaseAsync("dashboard-api");
await app.RunAsync();
