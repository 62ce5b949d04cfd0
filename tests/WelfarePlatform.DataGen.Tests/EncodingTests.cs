using System.Text;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Registrations;
using WelfarePlatform.DataGen.Tests.Support;

namespace WelfarePlatform.DataGen.Tests;

/// <summary>Thai text comes out in Thai script, in UTF-8 or in windows-874 as older agency systems send it.</summary>
public sealed class EncodingTests
{
    [Fact]
    public void Windows_874_file_holds_the_same_rows_as_the_utf8_one()
    {
        var utf8Folder = Datasets.NewFolder("utf8");
        var thaiFolder = Datasets.NewFolder("cp874");
        RegistrationsFile.Write(Datasets.Settings(utf8Folder, 2_000));
        RegistrationsFile.Write(Datasets.Settings(thaiFolder, 2_000) with { Encoding = TextEncoding.Windows874 });

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var windows874 = Encoding.GetEncoding(874, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var thaiPath = Path.Combine(thaiFolder, RegistrationsFile.FileName);

        Csv.Read(thaiPath, windows874).Rows.ShouldBe(Csv.Read(Path.Combine(utf8Folder, RegistrationsFile.FileName)).Rows);
        Should.Throw<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(File.ReadAllBytes(thaiPath)));
    }

    [Fact]
    public void Names_are_in_thai_script()
    {
        var (_, rows) = Csv.Read(Path.Combine(Datasets.Clean, RegistrationsFile.FileName));

        rows.Take(1_000).ShouldAllBe(r => r[1].All(c => c >= '\u0E00' && c <= '\u0E7F') && r[2].All(c => c >= '\u0E00' && c <= '\u0E7F'));
        rows.Select(r => r[2]).Distinct().Count().ShouldBeGreaterThan(1_000);
    }

    [Fact]
    public void Utf8_bom_is_written_when_asked()
    {
        var folder = Datasets.NewFolder("bom");
        RegistrationsFile.Write(Datasets.Settings(folder, 10) with { Encoding = TextEncoding.Utf8WithBom });

        File.ReadAllBytes(Path.Combine(folder, RegistrationsFile.FileName))[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
    }
}
