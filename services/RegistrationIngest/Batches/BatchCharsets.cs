using System.Text;
using Microsoft.Net.Http.Headers;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>The character sets a batch file may declare, and strict decoders for them.</summary>
internal static class BatchCharsets
{
    public const string Utf8 = "utf-8";
    public const string Windows874 = "windows-874";
    public const string Tis620 = "tis-620";

    static BatchCharsets() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static bool TryFromContentType(string? contentType, out string charset, out string error)
    {
        charset = Utf8;
        error = "";
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || !mediaType.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            error = $"Content-Type '{contentType}' is not text/csv. Send the file as text/csv (optionally with charset=utf-8, windows-874 or tis-620).";
            return false;
        }

        var declared = mediaType.Charset.Value?.Trim('"').ToLowerInvariant();
        charset = declared switch
        {
            null or "" or "utf-8" or "utf8" => Utf8,
            "windows-874" or "cp874" => Windows874,
            "tis-620" or "tis620" => Tis620,
            _ => "",
        };
        if (charset.Length == 0)
        {
            error = $"charset '{declared}' is not supported; use utf-8, windows-874 or tis-620.";
            return false;
        }

        return true;
    }

    /// <summary>A decoder that throws on bytes the charset cannot hold, so a mislabelled file fails whole.</summary>
    public static Encoding StrictEncoding(string charset) => charset switch
    {
        Utf8 => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
        // TIS-620 is windows-874 without the few extra punctuation marks; decoding as 874 accepts both.
        Windows874 or Tis620 => Encoding.GetEncoding(874, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => throw new ArgumentOutOfRangeException(nameof(charset), charset, "unknown charset"),
    };
}
