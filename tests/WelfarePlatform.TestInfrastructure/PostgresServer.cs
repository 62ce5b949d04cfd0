using System.Text.RegularExpressions;
using Npgsql;

namespace WelfarePlatform.TestInfrastructure;

/// <summary>PostgreSQL 15 on 127.0.0.1:<see cref="ServerContainer.Port"/>, superuser postgres/postgres.</summary>
public sealed partial class PostgresServer : ServerContainer
{
    public const string Username = "postgres";
    public const string Password = "postgres";

    public PostgresServer() : this(FreePort.Next())
    {
    }

    private PostgresServer(int port)
        : base("welfare-postgres", port,
            new Dictionary<string, string>
            {
                ["PGPORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["POSTGRES_USER"] = Username,
                ["POSTGRES_PASSWORD"] = Password,
            },
            parameters =>
            {
                // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every pooled client to leave.
                parameters.StopSignal = "SIGINT";
                (parameters.HostConfig ??= new Docker.DotNet.Models.HostConfig()).ShmSize = 256L * 1024 * 1024;
            })
    {
    }

    /// <summary>Npgsql connection string for the <c>postgres</c> database.</summary>
    public override string ConnectionString => ConnectionStringFor("postgres");

    /// <summary>Npgsql connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Username,
            Password = Password,
            Database = database,
        }.ConnectionString;

    /// <summary>
    /// Drops <paramref name="name"/> if it exists and creates it empty; returns its connection string.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain database name ([a-z_][a-z0-9_]*, at most 63).",
                nameof(name));
        }

        await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return ConnectionStringFor(name);
    }

    private protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        // An open TCP port is not enough: during startup and recovery PostgreSQL refuses sessions.
        await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false;Timeout=3");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return await command.ExecuteScalarAsync(cancellationToken) is 1;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
