using WelfarePlatform.Eligibility.Audit;
using WelfarePlatform.Eligibility.Determinations;
using WelfarePlatform.Eligibility.Evaluations;
using WelfarePlatform.Eligibility.Exports;
using WelfarePlatform.Eligibility.Extensions;
using WelfarePlatform.Eligibility.Facts;
using WelfarePlatform.Eligibility.Rulesets;
using WelfarePlatform.Eligibility.Simulations;
using WelfarePlatform.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapFactsApi();
app.MapRulesetsApi();
app.MapEvaluationsApi();
app.MapDeterminationsApi();
app.MapSimulationsApi();
app.MapAuditApi();
app.MapExportsApi();

await app.MigrateDatabaseAsync("eligibility");
await app.LoadRulesetsAsync();
await app.RunAsync();
