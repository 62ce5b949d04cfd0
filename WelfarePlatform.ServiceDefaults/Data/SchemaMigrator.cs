using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace WelfarePlatform.ServiceDefaults.Data;

/// <summary>
/// Applies versioned SQL migrations embedded in an assembly (<c>Migrations/NNNN_name.sql</c>), each
/// once, in order, each in its own transaction. A transaction-level advisory lock serialises
/// replicas that start at the same moment: the second waits, then finds the work done.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    // Any fixed number will do; it only has to be the same in every replica of every service.
    private const long MigrationLockKey = 0x57454C4641524531;

    public async Task MigrateAsync(string component, Assembly assembly, CancellationToken cancellationToken = default)
    {
        var migrations = FindMigrations(assembly);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // Under the lock too: two replicas racing on "create table if not exists" can both
            // pass the check and one then fails on the catalog.
            await using var create = new NpgsqlCommand(
                $"""
                select pg_advisory_xact_lock({MigrationLockKey});
                create table if not exists schema_migrations (
                    component text not null,
                    version int not null,
                    name text not null,
                    applied_at timestamptz not null default now(),
                    primary key (component, version))
                """, connection, transaction);
            await create.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var migration in migrations)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand($"select pg_advisory_xact_lock({MigrationLockKey})", connection, transaction))
            {
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var check = new NpgsqlCommand(
                "select 1 from schema_migrations where component = $1 and version = $2", connection, transaction);
            check.Parameters.Add(new NpgsqlParameter { Value = component });
            check.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            if (await check.ExecuteScalarAsync(cancellationToken) is not null)
            {
                await transaction.RollbackAsync(cancellationToken);
                continue;
            }

            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand(
                "insert into schema_migrations (component, version, name) values ($1, $2, $3)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter { Value = component });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, component, migration.Version, migration.Name);
        }
    }

    internal static IReadOnlyList<Migration> FindMigrations(Assembly assembly)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = MigrationName().Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["name"].Value, reader.ReadToEnd()));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations in {assembly.GetName().Name} share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }

        return [.. migrations.OrderBy(m => m.Version)];
    }

    [GeneratedRegex(@"Migrations\.(?<version>\d{4})_(?<name>[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Component} {Version:D4} {Name}")]
    private static partial void LogApplied(ILogger logger, string component, int version, string name);

    internal sealed record Migration(int Version, string Name, string Sql);
}
