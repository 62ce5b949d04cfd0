using Shouldly;
using WelfarePlatform.RegistrationIngest.Batches;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class CsvRecordReaderTests
{
    private static List<CsvRecord> ReadAll(string text) => ReadAll(new StringReader(text));

    private static List<CsvRecord> ReadAll(TextReader text, int bufferSize = 1 << 16)
    {
        var reader = new CsvRecordReader(text, bufferSize);
        var records = new List<CsvRecord>();
        while (reader.TryRead(out var record))
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks()
    {
        var records = ReadAll("a,\"b,1\",\"say \"\"hi\"\"\",\"two\nlines\"\nx,y,z,w\n");
        records.Count.ShouldBe(2);
        records[0].Fields.ShouldBe(["a", "b,1", "say \"hi\"", "two\nlines"]);
        records[0].Raw.ShouldBe("a,\"b,1\",\"say \"\"hi\"\"\",\"two\nlines\"");
        records[1].Fields.ShouldBe(["x", "y", "z", "w"]);
    }

    [Fact]
    public void Crlf_line_ends_a_missing_final_newline_and_a_bom_are_handled()
    {
        var records = ReadAll("\uFEFFh1,h2\r\n1,2\r\n3,4");
        records.Select(r => r.Fields).ShouldBe([["h1", "h2"], ["1", "2"], ["3", "4"]]);
    }

    [Fact]
    public void An_empty_text_has_no_records() => ReadAll("").ShouldBeEmpty();

    [Fact]
    public void Records_split_across_reads_at_any_point_read_the_same()
    {
        // Every boundary: inside quotes, between doubled quotes, between \r and \n, after the BOM.
        const string text = "\uFEFFh1,h2,h3\r\n\"a \"\"q\"\"\",\"x\r\ny\",3\r\n,,\r\nplain,\"\",last\n\"end\"\"\",z,\"w\"";
        var whole = ReadAll(text);
        whole.Select(r => r.Fields).ShouldBe([["h1", "h2", "h3"], ["a \"q\"", "x\r\ny", "3"], ["", "", ""], ["plain", "", "last"], ["end\"", "z", "w"]]);
        whole.Select(r => r.Raw).ShouldBe(["h1,h2,h3", "\"a \"\"q\"\"\",\"x\r\ny\",3", ",,", "plain,\"\",last", "\"end\"\"\",z,\"w\""]);
        foreach (var bufferSize in (int[])[1, 2, 3, 7])
        {
            var trickled = ReadAll(new TrickleReader(text), bufferSize);
            trickled.Select(r => r.Fields).ShouldBe(whole.Select(r => r.Fields), $"buffer {bufferSize}");
            trickled.Select(r => r.Raw).ShouldBe(whole.Select(r => r.Raw), $"buffer {bufferSize}");
        }
    }

    [Fact]
    public void A_record_longer_than_the_block_grows_it()
    {
        var longField = new string('x', 200_000);
        var records = ReadAll(new StringReader($"a,b\n{longField},\"{longField}\"\nc,d\n"), bufferSize: 1024);
        records.Select(r => r.Fields).ShouldBe([["a", "b"], [longField, longField], ["c", "d"]]);
    }

    /// <summary>Hands out at most two characters per read, as a slow stream may.</summary>
    private sealed class TrickleReader(string text) : TextReader
    {
        private int position;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(count, 2), text.Length - position);
            text.CopyTo(position, buffer, index, n);
            position += n;
            return n;
        }
    }
}
