using System.Runtime.CompilerServices;
using Npgsql;

namespace WelfarePlatform.IntegrationTests.ExternalData;

/// <summary>Reads the recorded feeds beside this file and queries external-data's database directly.</summary>
internal static class Recorded
{
    public static string PathOf(string name, [CallerFilePath] string callerFile = "") =>
        Path.Combine(Path.GetDirectoryName(callerFile)!, "Recorded", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));
}

/// <summary>Direct reads of externaldb, for what the API does not show (history, outbox).</summary>
internal sealed class ExternalDb(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<long> CountAsync(string sql, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task<decimal?> ValueAsync(string series, string province, DateOnly day)
    {
        await using var command = dataSource.CreateCommand("select value from series_values where series = $1 and province_code = $2 and day = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = series });
        command.Parameters.Add(new NpgsqlParameter { Value = province });
        command.Parameters.Add(new NpgsqlParameter { Value = day });
        return await command.ExecuteScalarAsync() as decimal?;
    }

    public async Task<List<string>> OutboxBodiesAsync()
    {
        await using var command = dataSource.CreateCommand("select body::text from outbox_messages where message_type like 'WelfarePlatform.Contracts.ProvinceSeriesChanged,%' order by sequence");
        var bodies = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            bodies.Add(reader.GetString(0));
        }

        return bodies;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
