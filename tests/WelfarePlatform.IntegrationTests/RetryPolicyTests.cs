using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.ServiceDefaults.Messaging;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests;

public sealed record TransientProbe(Guid Id);

public sealed record PermanentProbe(Guid Id);

/// <summary>Counts each consumer's attempts and what finally happened to each probe.</summary>
public sealed class RetryLedger
{
    public int TransientAttempts;
    public int PermanentAttempts;
    public int TransientConsumed;
    public int PermanentFaults;
    public int TransientFaults;
}

/// <summary>Fails like a restarting database (a <see cref="TimeoutException"/>) more often than the quick policy retries.</summary>
public sealed class TransientlyFailingConsumer(RetryLedger ledger) : IConsumer<TransientProbe>
{
    public const int Failures = 4;

    public Task Consume(ConsumeContext<TransientProbe> context)
    {
        if (Interlocked.Increment(ref ledger.TransientAttempts) <= Failures)
        {
            throw new TimeoutException("simulated: the database did not answer in time");
        }

        Interlocked.Increment(ref ledger.TransientConsumed);
        return Task.CompletedTask;
    }
}

/// <summary>Fails the same way every time (a bug, not the weather).</summary>
public sealed class PermanentlyFailingConsumer(RetryLedger ledger) : IConsumer<PermanentProbe>
{
    public Task Consume(ConsumeContext<PermanentProbe> context)
    {
        Interlocked.Increment(ref ledger.PermanentAttempts);
        throw new InvalidOperationException("simulated: a consumer bug");
    }
}

public sealed class ProbeFaultConsumer(RetryLedger ledger) : IConsumer<Fault<PermanentProbe>>, IConsumer<Fault<TransientProbe>>
{
    public Task Consume(ConsumeContext<Fault<PermanentProbe>> context)
    {
        Interlocked.Increment(ref ledger.PermanentFaults);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<Fault<TransientProbe>> context)
    {
        Interlocked.Increment(ref ledger.TransientFaults);
        return Task.CompletedTask;
    }
}

/// <summary>
/// The platform's two retry policies (AddMessaging) on a real RabbitMQ: a transient failure is
/// retried with growing delays more often than the quick policy would (which, nested, stopped the
/// outer one from ever retrying); any other failure gets four attempts and then faults.
/// </summary>
public sealed class RetryPolicyTests(InfrastructureFixture infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    private IHost host = null!;

    public async ValueTask InitializeAsync()
    {
        // The outbox dispatcher AddMessaging registers needs the platform's tables.
        var connectionString = await infrastructure.Postgres.CreateDatabaseAsync("retry_policy");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync("platform", typeof(SchemaMigrator).Assembly);
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:retrydb"] = connectionString,
            ["ConnectionStrings:messaging"] = infrastructure.RabbitMq.ConnectionString,
        });
        builder.AddNpgsqlDataSource("retrydb");
        builder.AddMessaging(bus =>
        {
            bus.AddConsumer<TransientlyFailingConsumer>();
            bus.AddConsumer<PermanentlyFailingConsumer>();
            bus.AddConsumer<ProbeFaultConsumer>();
        });
        builder.Services.AddSingleton<RetryLedger>();
        host = builder.Build();
        await host.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }

    [Fact]
    public async Task A_transient_failure_is_retried_with_growing_delays_and_any_other_failure_faults_after_four_attempts()
    {
        var ledger = host.Services.GetRequiredService<RetryLedger>();
        var bus = host.Services.GetRequiredService<IBus>();

        await bus.Publish(new TransientProbe(Guid.NewGuid()));
        await bus.Publish(new PermanentProbe(Guid.NewGuid()));

        // Polled rather than awaited with a message, so a failure shows every count below.
        var deadline = DateTime.UtcNow.AddSeconds(90); // the transient retries wait 1 + 3 + 7 + 15 s
        while (DateTime.UtcNow < deadline && !(ledger.TransientConsumed == 1 && ledger.PermanentFaults == 1))
        {
            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // a further attempt or fault would land here

        output.WriteLine($"transient: {ledger.TransientAttempts} attempts, {ledger.TransientConsumed} consumed, {ledger.TransientFaults} faults; permanent: {ledger.PermanentAttempts} attempts, {ledger.PermanentFaults} faults");
        ledger.TransientConsumed.ShouldBe(1);
        ledger.TransientAttempts.ShouldBe(TransientlyFailingConsumer.Failures + 1);
        ledger.TransientFaults.ShouldBe(0);
        ledger.PermanentAttempts.ShouldBe(4, "one attempt and the quick policy's three retries");
        ledger.PermanentFaults.ShouldBe(1);
    }
}
