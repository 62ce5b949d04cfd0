using Npgsql;

namespace WelfarePlatform.SharingRequest.ActivityClasses;

/// <summary>The <c>activity_classes</c> table.</summary>
public sealed class ActivityClassStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        select code, name_en, name_th, release_form, target_decision, allowed_classifications, allows_personal,
               allows_direct_identifiers, field_allow_list, requires_legal_basis, max_retention_days, approval_chain,
               auto_approve, agreement_clauses
        from activity_classes
        """;

    public async Task<IReadOnlyList<ActivityClass>> ListAsync(CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(Columns + " order by code");
        var classes = new List<ActivityClass>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            classes.Add(Read(reader));
        }

        return classes;
    }

    public async Task<ActivityClass?> FindAsync(string code, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(Columns + " where code = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = code });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static ActivityClass Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<TimeSpan>(4),
        reader.GetFieldValue<string[]>(5), reader.GetBoolean(6), reader.GetBoolean(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<string[]>(8), reader.GetBoolean(9),
        reader.IsDBNull(10) ? null : reader.GetInt32(10), reader.GetFieldValue<string[]>(11), reader.GetBoolean(12),
        reader.GetFieldValue<string[]>(13));
}
