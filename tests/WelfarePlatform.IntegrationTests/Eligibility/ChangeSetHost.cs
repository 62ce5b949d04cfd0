using Azure.Storage.Blobs;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.Eligibility;

/// <summary>
/// An eligibility service over a database of its own (evaluation date 2022-12-01), fed change sets
/// through its bus and Blob storage as registration-ingest feeds it.
/// </summary>
internal sealed class ChangeSetHost : IAsyncDisposable
{
    private readonly BlobContainerClient container;
    private readonly IBus bus;

    private ChangeSetHost(ServiceHost<EligibilityApp> eligibility, NpgsqlDataSource dataSource, BlobContainerClient container)
    {
        Eligibility = eligibility;
        DataSource = dataSource;
        this.container = container;
        bus = eligibility.Services.GetRequiredService<IBus>();
    }

    public ServiceHost<EligibilityApp> Eligibility { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Starts the service on database <paramref name="database"/>; its change sets go to a container of the same name.</summary>
    public static async Task<ChangeSetHost> StartAsync(InfrastructureFixture infrastructure, string database)
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, database, "eligibilitydb");
        settings["Eligibility:EvaluationDate"] = "2022-12-01";
        var eligibility = new ServiceHost<EligibilityApp>(settings);
        _ = eligibility.Server;
        var container = eligibility.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(database.Replace('_', '-'));
        await container.CreateIfNotExistsAsync();
        return new(eligibility, NpgsqlDataSource.Create(settings["ConnectionStrings:eligibilitydb"]), container);
    }

    /// <summary>Publishes a registrations change set and waits until every ruleset has evaluated it; answers its batch id.</summary>
    public async Task<Guid> PublishAsync(byte[] changeSet) =>
        (await ChangeSetBenchmarks.PublishAndWaitAsync(container, bus, DataSource, changeSet)).BatchId;

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await Eligibility.DisposeAsync();
    }
}
