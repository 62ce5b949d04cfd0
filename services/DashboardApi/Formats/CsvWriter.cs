using System.Globalization;
using System.Text;

namespace WelfarePlatform.DashboardApi.Formats;

/// <summary>RFC 4180 CSV: one header row, comma-separated, quoted where needed, null as an empty cell.</summary>
public sealed class CsvWriter
{
    private readonly StringBuilder text = new();

    public CsvWriter Row(params object?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(Escape(Format(cells[i])));
        }

        text.Append("\r\n");
        return this;
    }

    public override string ToString() => text.ToString();

    private static string Format(object? cell) => cell switch
    {
        null => "",
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    private static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
