namespace WelfarePlatform.DataGen.Output;

/// <summary>Writes a bad row that was built as strings (bad rows are rare; strings are fine there).</summary>
internal static class FaultRowText
{
    public static void WriteFields(RowBuffer buffer, string[] fields, TextEncoding encoding)
    {
        buffer.BeginRow();
        var line = string.Join(',', fields);
        Span<byte> bytes = stackalloc byte[RowBuffer.MaxRowBytes];
        var length = encoding.ToEncoding().GetBytes(line, bytes);
        buffer.Write(bytes[..length]);
        buffer.EndRow();
    }
}
