using Shouldly;
using WelfarePlatform.RegistrationIngest.Batches;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class CsvRecordReaderTests
{
    private static List<CsvRecord> ReadAll(string text)
    {
        var reader = new CsvRecordReader(new StringReader(text));
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
}
