using WelfarePlatform.DashboardApi.Extensions;
using WelfarePlatform.DashboardApi.Targeted;
using WelfarePlatform.DashboardApi.Web;
using WelfarePlatform.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapTargetedApi();
app.MapDashboardWeb();

await app.MigrateDatabaseAsync("dashboard-api");
await app.RunAsync();
