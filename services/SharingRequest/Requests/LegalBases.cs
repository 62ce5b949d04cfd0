namespace WelfarePlatform.SharingRequest.Requests;

/// <summary>The PDPA legal bases a request may name (Personal Data Protection Act B.E. 2562).</summary>
public static class LegalBases
{
    public const string Sensitive = "s26";

    public static readonly IReadOnlyDictionary<string, string> Known = new Dictionary<string, string>
    {
        ["s19"] = "PDPA s.19 consent of the data subject",
        ["s24(1)"] = "PDPA s.24(1) historical documents, archives, research or statistics, with safeguards",
        ["s24(3)"] = "PDPA s.24(3) performance of a contract with the data subject",
        ["s24(4)"] = "PDPA s.24(4) a task in the public interest or the exercise of official authority",
        ["s24(5)"] = "PDPA s.24(5) legitimate interests",
        ["s24(6)"] = "PDPA s.24(6) compliance with a legal obligation",
        [Sensitive] = "PDPA s.26 sensitive data (health, disability, ...) under one of its conditions",
    };

    /// <summary>"PDPA s.24(4)", "s.24 (4)", "24(4)" and "S24(4)" all name <c>s24(4)</c>.</summary>
    public static string? Normalize(string? basis)
    {
        if (string.IsNullOrWhiteSpace(basis))
        {
            return null;
        }

        var compact = basis.ToLowerInvariant().Replace("pdpa", "", StringComparison.Ordinal)
            .Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal)
            .Replace("section", "s", StringComparison.Ordinal);
        return compact.StartsWith('s') ? compact : "s" + compact;
    }
}
