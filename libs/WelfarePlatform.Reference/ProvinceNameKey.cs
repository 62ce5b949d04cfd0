namespace WelfarePlatform.Reference;

/// <summary>
/// Folds the ways agencies write a province name into one lookup key: no จังหวัด / จ. / Changwat
/// prefix or "Province" suffix, ASCII lower case, no spaces, hyphens, dots or apostrophes, and
/// the Thai vowel sara am in one form.
/// </summary>
internal static class ProvinceNameKey
{
    /// <summary>Longest input folded; province names are far shorter.</summary>
    internal const int MaxLength = 96;

    private const char Nikhahit = '\u0E4D';
    private const char SaraAa = '\u0E32';
    private const char SaraAm = '\u0E33';

    /// <summary>Writes the key of <paramref name="name"/> into <paramref name="key"/>; returns its length, or -1 when it does not fit.</summary>
    internal static int Fold(ReadOnlySpan<char> name, Span<char> key)
    {
        name = StripAffixes(name.Trim());
        var length = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c is ' ' or '-' or '.' or '\'' or '\u00A0' or '\u200B' or '\t')
            {
                continue;
            }

            // Keyboards type sara am as nikhahit + sara aa ("ลํา"), which looks the same on screen.
            if (c == Nikhahit && i + 1 < name.Length && name[i + 1] == SaraAa)
            {
                c = SaraAm;
                i++;
            }

            if (length == key.Length)
            {
                return -1;
            }

            key[length++] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        }

        return length;
    }

    private static ReadOnlySpan<char> StripAffixes(ReadOnlySpan<char> name)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["จังหวัด", "จ.", "Changwat "])
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[prefix.Length..].TrimStart();
                break;
            }
        }

        const string suffix = " Province";
        if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^suffix.Length].TrimEnd();
        }

        return name;
    }
}
