using Npgsql;

namespace WelfarePlatform.SharingRequest.Catalog;

/// <summary>The <c>datasets</c> and <c>dataset_fields</c> tables.</summary>
public sealed class CatalogStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Datasets whose id, names, descriptions, or any field's name or meaning (Thai or English)
    /// contain <paramref name="query"/>, case-insensitively; every dataset when it is empty.
    /// </summary>
    public async Task<IReadOnlyList<Dataset>> SearchAsync(string? query, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand("""
            select d.dataset_id from datasets d
            where $1 = '' or concat_ws(' ', d.dataset_id, d.name_en, d.name_th, d.description_en, d.description_th, d.owner, d.steward) ilike $2
               or exists (select 1 from dataset_fields f where f.dataset_id = d.dataset_id
                          and concat_ws(' ', f.name, f.meaning_en, f.meaning_th) ilike $2)
            order by d.dataset_id
            """);
        var text = query?.Trim() ?? "";
        select.Parameters.Add(new NpgsqlParameter { Value = text });
        select.Parameters.Add(new NpgsqlParameter { Value = "%" + EscapeLike(text) + "%" });
        var ids = new List<string>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        return await LoadAsync(ids, cancellationToken);
    }

    public async Task<Dataset?> FindAsync(string datasetId, CancellationToken cancellationToken) =>
        (await LoadAsync([datasetId], cancellationToken)).SingleOrDefault();

    /// <summary>The datasets with these ids that exist, in id order.</summary>
    public async Task<IReadOnlyList<Dataset>> LoadAsync(IReadOnlyCollection<string> datasetIds, CancellationToken cancellationToken)
    {
        if (datasetIds.Count == 0)
        {
            return [];
        }

        var fields = new Dictionary<string, List<DatasetField>>();
        await using (var selectFields = dataSource.CreateCommand("""
            select dataset_id, name, data_type, meaning_en, meaning_th, classification, personal, direct_identifier, sensitive
            from dataset_fields where dataset_id = any($1) order by dataset_id, position
            """))
        {
            selectFields.Parameters.Add(new NpgsqlParameter { Value = datasetIds.ToArray() });
            await using var reader = await selectFields.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (!fields.TryGetValue(id, out var list))
                {
                    fields[id] = list = [];
                }

                list.Add(new DatasetField(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetBoolean(6), reader.GetBoolean(7), reader.GetBoolean(8)));
            }
        }

        await using var selectDatasets = dataSource.CreateCommand("""
            select dataset_id, name_en, name_th, description_en, description_th, granularity, owner, steward, update_cadence, held_by
            from datasets where dataset_id = any($1) order by dataset_id
            """);
        selectDatasets.Parameters.Add(new NpgsqlParameter { Value = datasetIds.ToArray() });
        var datasets = new List<Dataset>();
        await using var datasetReader = await selectDatasets.ExecuteReaderAsync(cancellationToken);
        while (await datasetReader.ReadAsync(cancellationToken))
        {
            var id = datasetReader.GetString(0);
            datasets.Add(new Dataset(id, datasetReader.GetString(1), datasetReader.GetString(2), datasetReader.GetString(3), datasetReader.GetString(4),
                datasetReader.GetString(5), datasetReader.GetString(6), datasetReader.GetString(7), datasetReader.GetString(8), datasetReader.GetString(9),
                fields.GetValueOrDefault(id) ?? []));
        }

        return datasets;
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
