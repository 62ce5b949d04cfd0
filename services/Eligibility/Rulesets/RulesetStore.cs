using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace WelfarePlatform.Eligibility.Rulesets;

/// <summary>The <c>rulesets</c> table: the definitions evaluations use.</summary>
public sealed class RulesetStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Loads the shipped files: a new ruleset or a higher version replaces the current definition;
    /// the same version again changes nothing, so every start (and every replica) may run it.
    /// </summary>
    public async Task LoadAsync(IEnumerable<Ruleset> rulesets, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var ruleset in rulesets)
        {
            var definition = JsonSerializer.Serialize(ruleset, RulesetFiles.Json);
            await using var upsert = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    Command("insert into ruleset_versions (ruleset_id, version, definition) values ($1, $2, $3) on conflict (ruleset_id, version) do nothing", ruleset, definition),
                    Command(
                        """
                        insert into rulesets (ruleset_id, version, definition) values ($1, $2, $3)
                        on conflict (ruleset_id) do update set version = excluded.version, definition = excluded.definition, loaded_at = now()
                        where rulesets.version < excluded.version
                        """, ruleset, definition),
                    // The ruleset's partition of determinations (migrations 0011 and 0014).
                    new NpgsqlBatchCommand("select ruleset_partitions($1)") { Parameters = { new NpgsqlParameter { Value = ruleset.Id } } },
                },
            };
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, Ruleset ruleset, string definition) => new(sql)
    {
        Parameters =
        {
            new NpgsqlParameter { Value = ruleset.Id },
            new NpgsqlParameter { Value = ruleset.Version },
            new NpgsqlParameter { Value = definition, NpgsqlDbType = NpgsqlDbType.Jsonb },
        },
    };

    public async Task<IReadOnlyList<Ruleset>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ListAsync(connection, null, cancellationToken);
    }

    public static async Task<IReadOnlyList<Ruleset>> ListAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("select definition::text from rulesets order by ruleset_id", connection, transaction);
        var rulesets = new List<Ruleset>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rulesets.Add(JsonSerializer.Deserialize<Ruleset>(reader.GetString(0), RulesetFiles.Json)!);
        }

        return rulesets;
    }

    public async Task<Ruleset?> FindAsync(string rulesetId, CancellationToken cancellationToken = default)
    {
        await using var select = dataSource.CreateCommand("select definition::text from rulesets where ruleset_id = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = rulesetId });
        return await select.ExecuteScalarAsync(cancellationToken) is string json ? JsonSerializer.Deserialize<Ruleset>(json, RulesetFiles.Json) : null;
    }
}
