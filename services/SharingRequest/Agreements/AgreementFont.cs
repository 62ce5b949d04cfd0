using PdfSharp.Fonts;

namespace WelfarePlatform.SharingRequest.Agreements;

/// <summary>
/// The Thai-capable TrueType font the PDF agreements use, read from a file (<c>Sharing:AgreementFont</c>,
/// default Loma from Debian's <c>fonts-tlwg-loma-ttf</c>, installed by dev/install-fonts.sh). PDFsharp's
/// core build has no system fonts, so this resolver serves every family name with that one font
/// (bold from its <c>-Bold</c> file when present). A missing file is a clear error naming what to install.
/// </summary>
public sealed class AgreementFont : IFontResolver
{
    public const string DefaultPath = "/usr/share/fonts/truetype/tlwg/Loma.ttf";
    public const string Family = "Agreement";
    private static readonly Lock Gate = new();
    private static AgreementFont? installed;
    private readonly string regularPath;

    private AgreementFont(string regularPath) => this.regularPath = regularPath;

    /// <summary>PDFsharp's resolver is process-wide: the first configured path wins for the life of the process.</summary>
    public static void Install(string? path)
    {
        lock (Gate)
        {
            if (installed is null)
            {
                installed = new AgreementFont(string.IsNullOrWhiteSpace(path) ? DefaultPath : path);
                GlobalFontSettings.FontResolver = installed;
            }
        }
    }

    /// <summary>Throws, naming the file and the package, when the font is not on this machine.</summary>
    public static void EnsureAvailable()
    {
        var path = installed?.regularPath ?? DefaultPath;
        if (!File.Exists(path))
        {
            throw new FontUnavailableException(
                $"The Thai font for PDF agreements is missing: {path}. Install Debian's fonts-tlwg-loma-ttf (dev/install-fonts.sh) or set Sharing:AgreementFont to a Thai TrueType file.");
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) => new(isBold ? "bold" : "regular");

    public byte[] GetFont(string faceName)
    {
        EnsureAvailable();
        var bold = regularPath.Replace(".ttf", "-Bold.ttf", StringComparison.Ordinal);
        return File.ReadAllBytes(faceName == "bold" && File.Exists(bold) ? bold : regularPath);
    }
}

/// <summary>The PDF agreement cannot be made on this machine: its font is missing.</summary>
public sealed class FontUnavailableException(string message) : Exception(message);
