using Shouldly;
using WelfarePlatform.ServiceDefaults.Data;

namespace WelfarePlatform.ServiceDefaults.Tests;

public sealed class SchemaMigratorTests
{
    [Fact]
    public void The_platform_migrations_are_found_in_version_order()
    {
        var migrations = SchemaMigrator.FindMigrations(typeof(SchemaMigrator).Assembly);
        migrations.ShouldNotBeEmpty();
        migrations[0].Version.ShouldBe(1);
        migrations[0].Sql.ShouldContain("create table outbox_messages");
        migrations.Select(m => m.Version).ShouldBeInOrder();
    }
}
