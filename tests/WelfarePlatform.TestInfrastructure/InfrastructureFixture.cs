using Xunit;

namespace WelfarePlatform.TestInfrastructure;

/// <summary>
/// PostgreSQL, RabbitMQ and Azurite, started in parallel; use as an xunit v3 assembly fixture
/// (<c>[assembly: AssemblyFixture(typeof(InfrastructureFixture))]</c>) or collection fixture.
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; } = new();

    public RabbitMqServer RabbitMq { get; } = new();

    public AzuriteServer Azurite { get; } = new();

    public async ValueTask InitializeAsync()
    {
        try
        {
            await Task.WhenAll(Postgres.StartAsync(), RabbitMq.StartAsync(), Azurite.StartAsync());
        }
        catch
        {
            // Don't leave servers running when xunit skips disposing a failed fixture; disposing twice is harmless.
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(
            Postgres.DisposeAsync().AsTask(), RabbitMq.DisposeAsync().AsTask(), Azurite.DisposeAsync().AsTask());
    }
}
