namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>
/// A file's header: column names matched case-insensitively, in any order. Columns the kind does
/// not know are ignored and reported once as a warning.
/// </summary>
internal sealed class CsvHeader
{
    private readonly Dictionary<string, int> indexByName;

    // Callers ask by the same constant names row after row: looked up by reference, that costs no string hashing.
    private readonly Dictionary<string, int> indexByAskedName = new(ReferenceEqualityComparer.Instance);

    private CsvHeader(Dictionary<string, int> indexByName, int columnCount, IReadOnlyList<string> unknownColumns)
    {
        this.indexByName = indexByName;
        ColumnCount = columnCount;
        UnknownColumns = unknownColumns;
    }

    public int ColumnCount { get; }
    public IReadOnlyList<string> UnknownColumns { get; }

    public static CsvHeader Parse(IReadOnlyList<string> names, IReadOnlyCollection<string> knownColumns)
    {
        var indexByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var unknown = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i].Trim();
            if (knownColumns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                indexByName.TryAdd(name, i);
            }
            else
            {
                unknown.Add(name);
            }
        }

        return new CsvHeader(indexByName, names.Count, unknown);
    }

    public IEnumerable<string> Missing(IEnumerable<string> requiredColumns) => requiredColumns.Where(c => !indexByName.ContainsKey(c));

    /// <summary>The trimmed field of <paramref name="column"/>, or "" when the file has no such column.</summary>
    public string Field(IReadOnlyList<string> fields, string column)
    {
        if (!indexByAskedName.TryGetValue(column, out var index))
        {
            index = indexByName.GetValueOrDefault(column, -1);
            indexByAskedName[column] = index;
        }

        return index >= 0 ? fields[index].Trim() : "";
    }
}
