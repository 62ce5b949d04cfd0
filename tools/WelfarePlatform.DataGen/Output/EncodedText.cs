namespace WelfarePlatform.DataGen.Output;

/// <summary>A fixed list of texts (names, province names) kept as bytes in every charset, so rows copy bytes instead of encoding strings.</summary>
internal sealed class EncodedText
{
    private readonly byte[][] utf8;
    private readonly byte[][] windows874;

    public EncodedText(IReadOnlyList<string> texts)
    {
        Texts = texts;
        utf8 = [.. texts.Select(TextEncoding.Utf8.ToEncoding().GetBytes)];
        windows874 = [.. texts.Select(TextEncoding.Windows874.ToEncoding().GetBytes)];
    }

    public IReadOnlyList<string> Texts { get; }

    public int Count => Texts.Count;

    public ReadOnlySpan<byte> Bytes(int index, TextEncoding encoding)
        => encoding == TextEncoding.Windows874 ? windows874[index] : utf8[index];
}
