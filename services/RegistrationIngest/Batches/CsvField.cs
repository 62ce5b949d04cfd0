namespace WelfarePlatform.RegistrationIngest.Batches;

internal static class CsvField
{
    /// <summary>Quotes a field for RFC 4180 output when it holds a comma, quote or line break.</summary>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
