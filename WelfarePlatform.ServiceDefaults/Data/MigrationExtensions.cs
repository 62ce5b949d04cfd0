using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace WelfarePlatform.ServiceDefaults.Data;

public static class MigrationExtensions
{
    /// <summary>
    /// Brings the service's database to the current schema before it takes traffic or messages:
    /// first the platform's own tables (outbox, inbox), then the service's migrations.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app, string component)
    {
        var migrator = app.Services.GetRequiredService<SchemaMigrator>();
        await migrator.MigrateAsync("platform", typeof(SchemaMigrator).Assembly);
        await migrator.MigrateAsync(component, Assembly.Load(app.Environment.ApplicationName));
    }
}
