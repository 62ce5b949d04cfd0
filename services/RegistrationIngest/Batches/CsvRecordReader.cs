using System.Text;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>One CSV record: its fields and the record's text as it stood in the file.</summary>
internal sealed record CsvRecord(IReadOnlyList<string> Fields, string Raw);

/// <summary>
/// Reads RFC 4180 records from text: quoted fields with doubled quotes, commas and line breaks
/// inside quotes, LF or CRLF line ends, a leading byte-order mark dropped.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private readonly StringBuilder field = new();
    private readonly StringBuilder raw = new();
    private bool atStart = true;

    public bool TryRead(out CsvRecord record)
    {
        var fields = new List<string>();
        field.Clear();
        raw.Clear();
        var inQuotes = false;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (atStart)
            {
                atStart = false;
                if (c == '\uFEFF')
                {
                    continue;
                }
            }

            any = true;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        raw.Append("\"\"");
                        field.Append('"');
                        continue;
                    }

                    inQuotes = false;
                }
                else
                {
                    field.Append(ch);
                }

                raw.Append(ch);
                continue;
            }

            switch (ch)
            {
                case '"':
                    inQuotes = true;
                    raw.Append(ch);
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    raw.Append(ch);
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    record = new CsvRecord(fields, raw.ToString());
                    return true;
                default:
                    field.Append(ch);
                    raw.Append(ch);
                    break;
            }
        }

        if (!any)
        {
            record = new CsvRecord([], "");
            return false;
        }

        fields.Add(field.ToString());
        record = new CsvRecord(fields, raw.ToString());
        return true;
    }
}
