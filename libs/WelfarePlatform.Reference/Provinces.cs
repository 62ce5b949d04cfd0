using System.Collections.Frozen;
using System.Collections.Immutable;

namespace WelfarePlatform.Reference;

/// <summary>Lookups over the 77 provinces, by code or by any usual spelling of the name.</summary>
public static class Provinces
{
    private static readonly Province?[] ByNumber = IndexByNumber();
    private static readonly FrozenDictionary<string, Province> ByNameKey = IndexByNameKey();
    private static readonly FrozenDictionary<string, Province>.AlternateLookup<ReadOnlySpan<char>> ByNameKeySpan =
        ByNameKey.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>All 77 provinces in code order (10 Bangkok first, 96 Narathiwat last).</summary>
    public static ImmutableArray<Province> All { get; } = [.. ProvinceTable.Rows];

    /// <summary>Finds a province by its number (10 … 96).</summary>
    public static bool TryGetByCode(int code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Province? province)
    {
        province = code is >= 0 and < 100 ? ByNumber[code] : null;
        return province is not null;
    }

    /// <summary>Finds a province by its two-digit code ("10" … "96"); anything but exactly two ASCII digits is not a code.</summary>
    public static bool TryGetByCode(ReadOnlySpan<char> code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Province? province)
    {
        province = null;
        return code.Length == 2 && char.IsAsciiDigit(code[0]) && char.IsAsciiDigit(code[1])
            && TryGetByCode(((code[0] - '0') * 10) + (code[1] - '0'), out province);
    }

    /// <summary>As <see cref="TryGetByCode(ReadOnlySpan{char}, out Province?)"/>, on the UTF-8 bytes of a CSV field.</summary>
    public static bool TryGetByCode(ReadOnlySpan<byte> utf8Code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Province? province)
    {
        province = null;
        return utf8Code.Length == 2 && char.IsAsciiDigit((char)utf8Code[0]) && char.IsAsciiDigit((char)utf8Code[1])
            && TryGetByCode(((utf8Code[0] - '0') * 10) + (utf8Code[1] - '0'), out province);
    }

    /// <summary>
    /// Finds a province by its Thai or English name, with or without the จังหวัด (or จ., Changwat)
    /// prefix or a "Province" suffix, in any letter case, spacing or hyphenation
    /// ("จังหวัดเชียงใหม่", "Chiang Mai", "CHIANGMAI", "Chon Buri", "กทม."). An unknown name is false,
    /// never a new province.
    /// </summary>
    public static bool TryResolveName(ReadOnlySpan<char> name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Province? province)
    {
        Span<char> key = stackalloc char[ProvinceNameKey.MaxLength];
        var length = ProvinceNameKey.Fold(name, key);
        province = null;
        return length > 0 && ByNameKeySpan.TryGetValue(key[..length], out province);
    }

    /// <summary>Resolves a field that may hold a code or a name, as the disaster feed's <c>province</c> column does.</summary>
    public static bool TryResolve(ReadOnlySpan<char> codeOrName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Province? province)
        => TryGetByCode(codeOrName.Trim(), out province) || TryResolveName(codeOrName, out province);

    private static Province?[] IndexByNumber()
    {
        var byNumber = new Province?[100];
        foreach (var province in ProvinceTable.Rows)
        {
            byNumber[province.Number] = province;
        }

        return byNumber;
    }

    private static FrozenDictionary<string, Province> IndexByNameKey()
    {
        var byKey = new Dictionary<string, Province>(StringComparer.Ordinal);
        foreach (var province in ProvinceTable.Rows)
        {
            Add(byKey, province.NameTh, province);
            Add(byKey, province.NameEn, province);
        }

        foreach (var (alias, code) in ProvinceTable.Aliases)
        {
            Add(byKey, alias, ProvinceTable.Rows.Single(p => p.Code == code));
        }

        return byKey.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void Add(Dictionary<string, Province> byKey, string name, Province province)
    {
        Span<char> key = stackalloc char[ProvinceNameKey.MaxLength];
        var folded = new string(key[..ProvinceNameKey.Fold(name, key)]);

        // Two provinces folding to one key would make a name ambiguous: fail at start-up, not in a batch.
        if (!byKey.TryAdd(folded, province) && byKey[folded] != province)
        {
            throw new InvalidOperationException($"Province name key '{folded}' is ambiguous.");
        }
    }
}
