using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.SharingRequest.ActivityClasses;
using WelfarePlatform.SharingRequest.Agreements;
using WelfarePlatform.SharingRequest.Audit;
using WelfarePlatform.SharingRequest.Catalog;
using WelfarePlatform.SharingRequest.Extensions;
using WelfarePlatform.SharingRequest.Packages;
using WelfarePlatform.SharingRequest.Requests;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapActivityClassesApi();
app.MapCatalogApi();
app.MapRequestsApi();
app.MapAgreementsApi();
app.MapPackagesApi();
app.MapAuditApi();

await app.MigrateDatabaseAsync("sharing-request");
await app.RunAsync();
