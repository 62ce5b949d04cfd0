using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Data;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests;

/// <summary>Two replicas starting at once both come up, and each migration is applied once.</summary>
public sealed class SchemaMigratorTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Replicas_migrating_at_the_same_time_apply_each_migration_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await infrastructure.Postgres.CreateDatabaseAsync("migrations_race"));
        var serviceAssembly = typeof(RegistrationIngestApp).Assembly;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);
            await migrator.MigrateAsync("platform", typeof(SchemaMigrator).Assembly);
            await migrator.MigrateAsync("registration-ingest", serviceAssembly);
        })));

        var applied = (long)(await dataSource.CreateCommand("select count(*) from schema_migrations").ExecuteScalarAsync())!;
        applied.ShouldBe(SchemaMigrator.FindMigrations(typeof(SchemaMigrator).Assembly).Count + SchemaMigrator.FindMigrations(serviceAssembly).Count);
        (await dataSource.CreateCommand("select count(*) from applicants").ExecuteScalarAsync()).ShouldBe(0L);

        // A restart later finds nothing to do.
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync("registration-ingest", serviceAssembly);
        (await dataSource.CreateCommand("select count(*) from schema_migrations").ExecuteScalarAsync()).ShouldBe(applied);
    }
}
