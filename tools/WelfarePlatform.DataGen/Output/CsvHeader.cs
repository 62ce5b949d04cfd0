using System.Text;

namespace WelfarePlatform.DataGen.Output;

internal static class CsvHeader
{
    /// <summary>The header line of a file with these column names and line ending.</summary>
    public static byte[] Bytes(IEnumerable<string> names, bool crLf = false)
        => Encoding.ASCII.GetBytes(string.Join(',', names) + (crLf ? "\r\n" : "\n"));
}
