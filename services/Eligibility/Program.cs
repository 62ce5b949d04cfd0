using WelfarePlatform.Eligibility.Extensions;
using WelfarePlatform.Eligibility.Facts;
using WelfarePlatform.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapFactsApi();

await app.MigrateDatabaseAsync("eligibility");
await app.RunAsync();
