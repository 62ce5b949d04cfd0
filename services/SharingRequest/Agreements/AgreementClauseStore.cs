using Npgsql;

namespace WelfarePlatform.SharingRequest.Agreements;

/// <summary>The <c>agreement_clauses</c> table: the template's clauses, in their order.</summary>
public sealed class AgreementClauseStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<AgreementClause>> LoadAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(
            "select code, title_en, title_th, body_en, body_th from agreement_clauses where code = any($1) order by position");
        select.Parameters.Add(new NpgsqlParameter { Value = codes.ToArray() });
        var clauses = new List<AgreementClause>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            clauses.Add(new AgreementClause(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return clauses;
    }
}
