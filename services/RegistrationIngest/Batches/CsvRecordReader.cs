using System.Buffers;
using System.Text;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>One CSV record: its fields and the record's text as it stood in the file.</summary>
internal sealed record CsvRecord(IReadOnlyList<string> Fields, string Raw);

/// <summary>
/// Reads RFC 4180 records from text: quoted fields with doubled quotes, commas and line breaks
/// inside quotes, LF or CRLF line ends, a leading byte-order mark dropped. Works on a block of text
/// at a time and searches it for the next delimiter (vectorised), so a plain field costs one string
/// and no per-character work; a record that runs past the block is parsed again once more text is in.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, int bufferSize = 1 << 16)
{
    private static readonly SearchValues<char> Delimiters = SearchValues.Create(",\"\n");
    private readonly StringBuilder quoted = new();
    private char[] buffer = new char[Math.Max(bufferSize, 1)];
    private int position;
    private int length;
    private bool ended;
    private bool atStart = true;
    private int lastFieldCount = 8;

    public bool TryRead(out CsvRecord record)
    {
        while (true)
        {
            if (atStart && length > 0)
            {
                atStart = false;
                if (buffer[position] == '\uFEFF')
                {
                    position++;
                }
            }

            if (!atStart && TryParse(buffer.AsSpan(position, length - position), final: ended, out record, out var consumed))
            {
                position += consumed;
                return true;
            }

            if (ended)
            {
                record = new CsvRecord([], "");
                return false;
            }

            Refill();
        }
    }

    /// <summary>Moves the unread text to the front (growing the block when it is full) and reads more.</summary>
    private void Refill()
    {
        var unread = length - position;
        if (unread == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }
        else if (position > 0)
        {
            buffer.AsSpan(position, unread).CopyTo(buffer);
        }

        (position, length) = (0, unread);
        var read = reader.Read(buffer, length, buffer.Length - length);
        if (read == 0)
        {
            ended = true;
        }

        length += read;
    }

    /// <summary>
    /// Parses one record from the start of <paramref name="text"/>. False when the text ends before
    /// the record does and more may follow; at the <paramref name="final"/> end the rest is the last record.
    /// </summary>
    private bool TryParse(ReadOnlySpan<char> text, bool final, out CsvRecord record, out int consumed)
    {
        record = null!;
        consumed = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        var fields = new List<string>(lastFieldCount);
        var i = 0;
        while (true)
        {
            var start = i;
            var next = text[i..].IndexOfAny(Delimiters);
            if (next < 0)
            {
                if (!final)
                {
                    return false;
                }

                fields.Add(new string(text[start..]));
                return Complete(text, fields, text.Length, text.Length, out record, out consumed);
            }

            var at = i + next;
            switch (text[at])
            {
                case ',':
                    fields.Add(new string(text[start..at]));
                    i = at + 1;
                    continue;
                case '\n':
                    var end = at > start && text[at - 1] == '\r' ? at - 1 : at;
                    fields.Add(new string(text[start..end]));
                    return Complete(text, fields, end, at + 1, out record, out consumed);
            }

            // A quote: this field has quoted parts; walk it character by character.
            quoted.Clear().Append(text[start..at]);
            var inQuotes = true;
            var k = at + 1;
            while (true)
            {
                if (k >= text.Length)
                {
                    if (!final)
                    {
                        return false;
                    }

                    fields.Add(quoted.ToString());
                    return Complete(text, fields, text.Length, text.Length, out record, out consumed);
                }

                var ch = text[k];
                var hasNext = k + 1 < text.Length;
                if ((ch == '"' || ch == '\r') && !hasNext && !final)
                {
                    // Whether "" or \r\n follows is in the next block.
                    return false;
                }

                if (inQuotes)
                {
                    if (ch == '"' && hasNext && text[k + 1] == '"')
                    {
                        quoted.Append('"');
                        k += 2;
                        continue;
                    }

                    if (ch == '"')
                    {
                        inQuotes = false;
                    }
                    else
                    {
                        quoted.Append(ch);
                    }

                    k++;
                    continue;
                }

                if (ch == '"')
                {
                    inQuotes = true;
                }
                else if (ch == ',')
                {
                    fields.Add(quoted.ToString());
                    i = k + 1;
                    break;
                }
                else if (ch == '\r' && hasNext && text[k + 1] == '\n')
                {
                    // dropped: the record's line end
                }
                else if (ch == '\n')
                {
                    fields.Add(quoted.ToString());
                    return Complete(text, fields, k > 0 && text[k - 1] == '\r' ? k - 1 : k, k + 1, out record, out consumed);
                }
                else
                {
                    quoted.Append(ch);
                }

                k++;
            }
        }
    }

    private bool Complete(ReadOnlySpan<char> text, List<string> fields, int rawEnd, int next, out CsvRecord record, out int consumed)
    {
        lastFieldCount = fields.Count;
        record = new CsvRecord(fields, new string(text[..rawEnd]));
        consumed = next;
        return true;
    }
}
