namespace WelfarePlatform.ServiceDefaults.Exports;

/// <summary>
/// The <c>fields</c> parameter of an owner's export endpoint (eligibility, registration-ingest): a
/// comma-separated subset of its columns, in the order asked.
/// </summary>
public static class ExportFields
{
    public static IReadOnlyList<string>? Parse(string? fields, IEnumerable<string> available, out string? problem)
    {
        var known = available.ToList();
        problem = null;
        if (string.IsNullOrWhiteSpace(fields))
        {
            return known;
        }

        var asked = fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        var unknown = asked.Where(f => !known.Contains(f, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0 || asked.Count == 0)
        {
            problem = $"The export has no field {string.Join(", ", unknown.Select(u => $"'{u}'"))}; its fields are {string.Join(", ", known)}.";
            return null;
        }

        return asked;
    }
}
