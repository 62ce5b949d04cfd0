using Npgsql;

namespace WelfarePlatform.TestInfrastructure.Tests;

public sealed class PostgresTests(InfrastructureFixture infrastructure)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_new_database_stores_and_returns_a_row()
    {
        var connectionString = await infrastructure.Postgres.CreateDatabaseAsync("smoke_rows", _ct);

        connectionString.ShouldContain($"Port={infrastructure.Postgres.Port}");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var create = dataSource.CreateCommand(
            "CREATE TABLE applicant (id int PRIMARY KEY, name text NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync(_ct);
        }

        await using (var insert = dataSource.CreateCommand("INSERT INTO applicant VALUES (1, 'Åsa Öberg')"))
        {
            await insert.ExecuteNonQueryAsync(_ct);
        }

        await using var select = dataSource.CreateCommand("SELECT name FROM applicant WHERE id = 1");
        (await select.ExecuteScalarAsync(_ct)).ShouldBe("Åsa Öberg");
    }

    [Fact]
    public async Task Creating_a_database_again_gives_an_empty_one()
    {
        var first = await infrastructure.Postgres.CreateDatabaseAsync("smoke_fresh", _ct);
        await using (var dataSource = NpgsqlDataSource.Create(first))
        {
            await using var create = dataSource.CreateCommand("CREATE TABLE leftover (id int)");
            await create.ExecuteNonQueryAsync(_ct);
        }

        var second = await infrastructure.Postgres.CreateDatabaseAsync("smoke_fresh", _ct);

        await using var again = NpgsqlDataSource.Create(second);
        await using var count = again.CreateCommand("SELECT count(*) FROM pg_tables WHERE tablename = 'leftover'");
        (await count.ExecuteScalarAsync(_ct)).ShouldBe(0L);
    }

    [Fact]
    public async Task A_killed_server_starts_again_on_the_same_address_with_its_committed_data()
    {
        await using var server = new PostgresServer();
        await server.StartAsync(_ct);
        var connectionString = await server.CreateDatabaseAsync("crash", _ct);
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await using var write = dataSource.CreateCommand("CREATE TABLE t (v int); INSERT INTO t VALUES (42)");
            await write.ExecuteNonQueryAsync(_ct);
        }

        await server.KillAsync(_ct);
        await server.StartAsync(_ct);

        await using var after = NpgsqlDataSource.Create(server.ConnectionStringFor("crash"));
        await using var read = after.CreateCommand("SELECT v FROM t");
        (await read.ExecuteScalarAsync(_ct)).ShouldBe(42);
    }
}
