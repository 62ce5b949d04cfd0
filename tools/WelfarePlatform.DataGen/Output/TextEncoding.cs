using System.Text;

namespace WelfarePlatform.DataGen.Output;

/// <summary>The charsets the batch API accepts. Agencies on older systems send windows-874 (TIS-620 plus a few symbols).</summary>
internal enum TextEncoding
{
    Utf8,
    Utf8WithBom,
    Windows874,
}

internal static class TextEncodings
{
    private static readonly Lazy<Encoding> Windows874Encoding = new(() =>
    {
        // The code-page encodings ship in the shared framework but are off until registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(874, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    /// <summary>The <c>charset</c> to declare when posting the file.</summary>
    public static string CharsetName(this TextEncoding encoding)
        => encoding == TextEncoding.Windows874 ? "windows-874" : "utf-8";

    public static Encoding ToEncoding(this TextEncoding encoding)
        => encoding == TextEncoding.Windows874 ? Windows874Encoding.Value : new UTF8Encoding(false, true);

    public static ReadOnlySpan<byte> Preamble(this TextEncoding encoding)
        => encoding == TextEncoding.Utf8WithBom ? [0xEF, 0xBB, 0xBF] : [];

    public static TextEncoding Parse(string name) => name.ToUpperInvariant() switch
    {
        "UTF-8" or "UTF8" => TextEncoding.Utf8,
        "UTF-8-BOM" or "UTF8-BOM" => TextEncoding.Utf8WithBom,
        "WINDOWS-874" or "TIS-620" or "CP874" => TextEncoding.Windows874,
        _ => throw new ArgumentException($"Unknown encoding '{name}': use utf-8, utf-8-bom or windows-874."),
    };
}
