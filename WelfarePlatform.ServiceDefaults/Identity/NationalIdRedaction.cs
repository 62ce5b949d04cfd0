using System.Text.RegularExpressions;

namespace WelfarePlatform.ServiceDefaults.Identity;

/// <summary>
/// Hides national IDs in text bound for logs and traces. Two endpoints take a national ID in their
/// path (FORMATS.md: <c>/api/determinations/{nationalId}</c>, <c>/api/applicants/{nationalId}</c>),
/// so a URL is personal data until redacted.
/// </summary>
public static partial class NationalIdRedaction
{
    public const string Placeholder = "[national-id]";

    /// <summary>The text with every run of exactly 13 digits replaced by <see cref="Placeholder"/>.</summary>
    public static string Redact(string text) =>
        text.Length < 13 ? text : ThirteenDigits().Replace(text, Placeholder);

    // Exactly 13: longer digit runs (amounts, counters) are not IDs; IDs written 1-2345-67890-12-3 are
    // refused by the API before they could be logged.
    [GeneratedRegex(@"(?<!\d)\d{13}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex ThirteenDigits();
}
