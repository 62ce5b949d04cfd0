using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace WelfarePlatform.ServiceDefaults.Data;

public static class PostgresExtensions
{
    /// <summary>
    /// What Aspire.Npgsql's <c>AddNpgsqlDataSource</c> gives: one pooled <see cref="NpgsqlDataSource"/>
    /// from <c>ConnectionStrings:{connectionName}</c>, a readiness health check and tracing (the
    /// "Npgsql" activity source is added in <c>ConfigureOpenTelemetry</c>).
    /// <paramref name="configure"/> adjusts the connection string a service cannot take from the
    /// AppHost's (e.g. a longer default command timeout for bulk work).
    /// </summary>
    public static IHostApplicationBuilder AddNpgsqlDataSource(this IHostApplicationBuilder builder, string connectionName, Action<NpgsqlConnectionStringBuilder>? configure = null)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Set the environment variable ConnectionStrings__{connectionName} " +
                "to an Npgsql connection string (the local runner and the AppHost do this for you).");
        }

        builder.Services.AddSingleton(_ =>
        {
            var dataSourceBuilder = new NpgsqlDataSourceBuilder(connectionString);
            dataSourceBuilder.ConnectionStringBuilder.ApplicationName ??= builder.Environment.ApplicationName;
            configure?.Invoke(dataSourceBuilder.ConnectionStringBuilder);
            return dataSourceBuilder.Build();
        });
        builder.Services.AddHealthChecks().AddNpgSql(name: connectionName, tags: ["ready"]);
        builder.Services.AddSingleton<SchemaMigrator>();
        return builder;
    }
}
