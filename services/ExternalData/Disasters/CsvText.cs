using System.Text;

namespace WelfarePlatform.ExternalData.Disasters;

/// <summary>
/// RFC 4180 records from a small CSV text: quoted fields may hold commas, quotes ("") and line
/// breaks; LF or CRLF; a leading BOM is dropped. Feeds are small, so the text is read whole.
/// </summary>
public static class CsvText
{
    /// <summary>The records with the raw line each came from (for reject details).</summary>
    public static IEnumerable<string[]> Records(string text)
    {
        var position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var fields = new List<string>();
        var field = new StringBuilder();
        while (position < text.Length)
        {
            fields.Clear();
            var endOfRecord = false;
            while (!endOfRecord)
            {
                field.Clear();
                if (position < text.Length && text[position] == '"')
                {
                    position++;
                    while (position < text.Length)
                    {
                        if (text[position] == '"')
                        {
                            if (position + 1 < text.Length && text[position + 1] == '"')
                            {
                                field.Append('"');
                                position += 2;
                                continue;
                            }

                            position++;
                            break;
                        }

                        field.Append(text[position++]);
                    }
                }

                while (position < text.Length && text[position] is not (',' or '\n' or '\r'))
                {
                    field.Append(text[position++]);
                }

                fields.Add(field.ToString());
                if (position < text.Length && text[position] == ',')
                {
                    position++;
                    continue;
                }

                if (position < text.Length && text[position] == '\r')
                {
                    position++;
                }

                if (position < text.Length && text[position] == '\n')
                {
                    position++;
                }

                endOfRecord = true;
            }

            // A blank line (one empty field) is not a record.
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                yield return [.. fields];
            }
        }
    }
}
