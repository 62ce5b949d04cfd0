using WelfarePlatform.DataGen.Faults;

namespace WelfarePlatform.DataGen.Output;

/// <summary>Writes a bad row built as strings, or a copied earlier row, and logs it.</summary>
internal static class FaultRowText
{
    public static void WriteFields(RowBuffer buffer, string[] fields, TextEncoding encoding, bool crLf)
    {
        buffer.BeginRow();
        var line = string.Join(',', fields);
        Span<byte> bytes = stackalloc byte[RowBuffer.MaxRowBytes];
        var length = encoding.ToEncoding().GetBytes(line, bytes);
        buffer.Write(bytes[..length]);
        EndLine(buffer, crLf);
    }

    public static void WriteDuplicate(RowBuffer buffer, FaultInjector faults)
    {
        // The candidate was copied with its line ending.
        buffer.BeginRow();
        buffer.Write(faults.DuplicateCandidate);
    }

    public static void EndLine(RowBuffer buffer, bool crLf)
    {
        if (crLf)
        {
            buffer.CrLf();
        }
        else
        {
            buffer.NewLine();
        }
    }
}
