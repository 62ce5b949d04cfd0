// The whole platform on one machine: infrastructure, secrets and the five services.
// Connection names are the ones the services read (ARCHITECTURE.md section 6).
var builder = DistributedApplication.CreateBuilder(args);

// Secrets: set with `dotnet user-secrets set "Parameters:<name>" <value>`, or the dashboard asks.
var authSigningKey = builder.AddParameter("auth-signing-key", secret: true);
var pidKey = builder.AddParameter("pid-key", secret: true);
var auditHeadKey = builder.AddParameter("audit-head-signing-key", secret: true);
const string TokenIssuerAndAudience = "welfare-platform";

// Infrastructure
var postgres = builder.AddPostgres("postgres")
    .WithDataVolume();

var registryDb = postgres.AddDatabase("registrydb");
var eligibilityDb = postgres.AddDatabase("eligibilitydb");
var externalDb = postgres.AddDatabase("externaldb");
var dashboardDb = postgres.AddDatabase("dashboarddb");
var sharingDb = postgres.AddDatabase("sharingdb");

// The management UI is where operators inspect and move back messages from `<queue>_error`.
var messaging = builder.AddRabbitMQ("messaging")
    .WithManagementPlugin()
    .WithDataVolume();

// Azurite as a plain container: Aspire.Hosting.Azure.Storage is not on every feed this repo
// builds from. To publish to real Azure Storage, swap these lines for
// `builder.AddAzureStorage("storage").RunAsEmulator().AddBlobs("blobs")`.
var storage = builder.AddContainer("storage", "mcr.microsoft.com/azure-storage/azurite", "3.34.0")
    .WithHttpEndpoint(targetPort: 10000, name: "blob")
    .WithVolume("welfareplatform-azurite", "/data")
    // Azure.Storage.Blobs 12.30 speaks a newer service version than Azurite knows. Telemetry off:
    // no traffic leaves the machine (3.34.0's blob server has the flag; checked in its npm package).
    .WithArgs("azurite-blob", "--blobHost", "0.0.0.0", "--location", "/data", "--skipApiVersionCheck", "--disableTelemetry");

// Azurite's well-known development account (public, the same in every Azurite).
const string AzuriteAccountKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
var blobEndpoint = storage.GetEndpoint("blob");
var blobs = builder.AddConnectionString("blobs", ReferenceExpression.Create(
    $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteAccountKey};BlobEndpoint={blobEndpoint}/devstoreaccount1;"));

// Services. The three producers only publish events; dashboard-api and sharing-request may also
// ask them for an answer now over HTTP, so only those two get service-discovery references.
var registrationIngest = AddService<Projects.WelfarePlatform_RegistrationIngest>("registration-ingest", registryDb)
    .WithEnvironment("Identity__PidKey", pidKey);

var eligibility = AddService<Projects.WelfarePlatform_Eligibility>("eligibility", eligibilityDb)
    .WithEnvironment("Identity__PidKey", pidKey);

var externalData = AddService<Projects.WelfarePlatform_ExternalData>("external-data", externalDb);

var dashboardApi = AddService<Projects.WelfarePlatform_DashboardApi>("dashboard-api", dashboardDb)
    .WithExternalHttpEndpoints()
    .WithReference(registrationIngest)
    .WithReference(eligibility)
    .WithReference(externalData);

AddService<Projects.WelfarePlatform_SharingRequest>("sharing-request", sharingDb)
    .WithEnvironment("Audit__HeadSigningKey", auditHeadKey)
    .WithReference(dashboardApi)
    .WithReference(registrationIngest)
    .WithReference(eligibility)
    .WithReference(externalData);

builder.Build().Run();

// What every service gets: its own database, the bus, blob storage, token settings and a
// health check on the /health endpoint that ServiceDefaults maps. The services carry no launch
// profiles, so the AppHost gives each its HTTP endpoint and, when running locally (not when
// publishing), its own environment name.
IResourceBuilder<ProjectResource> AddService<TProject>(string name, IResourceBuilder<PostgresDatabaseResource> database)
    where TProject : IProjectMetadata, new() =>
    builder.AddProject<TProject>(name, launchProfileName: null)
        .WithHttpEndpoint()
        .WithEnvironment(context =>
        {
            if (context.ExecutionContext.IsRunMode)
            {
                context.EnvironmentVariables["ASPNETCORE_ENVIRONMENT"] = builder.Environment.EnvironmentName;
            }
        })
        .WithReference(database).WaitFor(database)
        .WithReference(messaging).WaitFor(messaging)
        .WithReference(blobs).WaitFor(storage)
        .WithEnvironment("Auth__SigningKey", authSigningKey)
        .WithEnvironment("Auth__Issuer", TokenIssuerAndAudience)
        .WithEnvironment("Auth__Audience", TokenIssuerAndAudience)
        .WithHttpHealthCheck("/health");
