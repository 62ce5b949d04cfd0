using System.Text;

namespace WelfarePlatform.DataGen.Tests.Support;

/// <summary>A small RFC 4180 reader for the tests: quoted fields, doubled quotes, LF or CRLF, optional BOM.</summary>
internal static class Csv
{
    public static (string[] Header, List<string[]> Rows) Read(string path, Encoding? encoding = null)
    {
        var text = File.ReadAllText(path, encoding ?? new UTF8Encoding(false, true)).TrimStart('\uFEFF');
        var records = Parse(text);
        return (records[0], records.GetRange(1, records.Count - 1));
    }

    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add([.. fields]);
                    fields.Clear();
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }

        return records;
    }
}
