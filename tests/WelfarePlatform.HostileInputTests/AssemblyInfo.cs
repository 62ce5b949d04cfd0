// A public type from each service's assembly, naming the service's entry point for ServiceHost.
global using RegistrationIngestApp = WelfarePlatform.RegistrationIngest.Batches.BatchStatus;
global using EligibilityApp = WelfarePlatform.Eligibility.Facts.PersonFactsStore;
global using ExternalDataApp = WelfarePlatform.ExternalData.Series.SeriesStore;
global using DashboardApiApp = WelfarePlatform.DashboardApi.Targeted.TargetedReadModel;
global using SharingRequestApp = WelfarePlatform.SharingRequest.ActivityClasses.ActivityClassStore;
using WelfarePlatform.TestInfrastructure;

// One PostgreSQL, RabbitMQ and Azurite for the run; each test class takes its own databases and virtual host.
[assembly: AssemblyFixture(typeof(InfrastructureFixture))]
