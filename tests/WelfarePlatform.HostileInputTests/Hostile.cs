using System.Text;
using CsCheck;

namespace WelfarePlatform.HostileInputTests;

/// <summary>Generators of what an attacker or a broken client sends.</summary>
internal static class Hostile
{
    private static readonly string[] Classics =
    [
        "../", "../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e", "%2e%2e%2f", "%252e%252e%252f", "..\\..\\windows\\win.ini",
        "....//", "/etc/passwd", "%00", "\0", "' or 1=1 --", "\"; drop table batches; --", "${jndi:ldap://x}", "{0}{1}%s%n",
        "-1", "0", "99999999999999999999999", "1e309", "NaN", "-0", "2022-02-30", "9999-12-31", "", " ", "null",
        "ก", "สมชาย ใจดี", "\u202Eevil", "e\u0301\u0301\u0301", "😀", "\uFEFF", "\r\n", "<script>alert(1)</script>",
        "00000000-0000-0000-0000-000000000000", "1100000000000", "11000000000011",
    ];

    /// <summary>A hostile text: a classic, random unicode, a huge run, or a mix of them.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.OneOf(Classics)),
        (2, Gen.String[Gen.Char, 0, 40]),
        (1, Gen.Int[1_000, 200_000].Select(n => new string('A', n))),
        (1, Gen.Int[100, 20_000].Select(n => string.Concat(Enumerable.Repeat("ก😀", n)))),
        (2, Gen.Select(Gen.OneOf(Classics), Gen.OneOf(Classics), (a, b) => a + b)));

    /// <summary>A value to put in a URL path segment: escaped, or raw (so ../ and %2e%2e reach routing as they are).</summary>
    public static readonly Gen<string> PathSegment = Gen.Select(Text, Gen.Bool, (text, raw) => raw ? text : Uri.EscapeDataString(text))
        .Where(s => s.Length < 8_000);

    /// <summary>A hostile JSON body for an endpoint whose schema names <paramref name="properties"/>.</summary>
    public static Gen<string> JsonBody(IReadOnlyList<string> properties)
    {
        var value = Gen.Frequency(
            (4, Text.Select(Quote)),
            (1, Gen.OneOf("1e999", "-1", "12345678901234567890123", "true", "null", "[]", "{}", "0.0000001", "\"\"")),
            (1, Gen.Int[100, 5_000].Select(Deep)));
        var names = properties.Count == 0 ? Gen.OneOf("x") : Gen.OneOf(properties.ToArray());
        var knownObject = Gen.Select(names, value).Array[0, 8]
            .Select(pairs => "{" + string.Join(',', pairs.Select(p => $"{Quote(p.Item1)}:{p.Item2}")) + "}");
        var allProperties = value.Array[properties.Count].Select(values =>
            "{" + string.Join(',', properties.Select((p, i) => $"{Quote(p)}:{values[i]}")) + "}");
        return Gen.Frequency(
            (4, allProperties),
            (2, knownObject),
            (1, Gen.Int[1_000, 100_000].Select(Deep)),
            (1, Text.Select(Quote)),
            (1, Gen.OneOf("", "{", "{\"a\":", "[1,2", "not json", "\u0000", "null", "[]", "{\"a\":1,\"a\":2}")),
            (1, Gen.Byte.Array[1, 300].Select(bytes => Encoding.Latin1.GetString(bytes))));
    }

    public static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static string Deep(int depth) => new string('[', depth) + new string(']', depth);
}
