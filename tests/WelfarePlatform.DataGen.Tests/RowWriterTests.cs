using System.Text;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Population;
using WelfarePlatform.DataGen.Registrations;
using WelfarePlatform.DataGen.Tests.Support;

namespace WelfarePlatform.DataGen.Tests;

/// <summary>The byte writer of the hot path and the string writer of fault rows and the benchmark baseline spell rows alike.</summary>
public sealed class RowWriterTests
{
    [Fact]
    public void Byte_and_string_writers_agree()
    {
        var population = new PopulationStream(Datasets.Settings("unused", 20_000));
        using var chunk = new RowBuffer(1 << 16, crLf: false);
        var compared = 0;
        while (population.MoveNext())
        {
            var household = population.Current;
            for (var slot = 0; slot < household.Size; slot++)
            {
                chunk.Reset();
                RegistrationRowWriter.Write(chunk, household, household.Members[slot], TextEncoding.Utf8);
                var expected = string.Join(',', RegistrationFieldText.Fields(household, household.Members[slot])) + "\n";

                Encoding.UTF8.GetString(chunk.Written).ShouldBe(expected);
                compared++;
            }
        }

        compared.ShouldBe(20_000);
    }

    [Fact]
    public void Valid_rows_use_every_accepted_date_spelling()
    {
        var (_, rows) = Csv.Read(Path.Combine(Datasets.Clean, RegistrationsFile.FileName));
        var styles = rows.Select(r => r[3]).Select(d => (Iso: d[4] == '-', Buddhist: Year(d) >= 2400)).Distinct().ToList();

        styles.ShouldBe([(true, false), (true, true), (false, false), (false, true)], ignoreOrder: true);
        rows.ShouldContain(r => r[8].Contains(',', StringComparison.Ordinal));
    }

    private static int Year(string date)
        => int.Parse(date[4] == '-' ? date[..4] : date[6..], System.Globalization.CultureInfo.InvariantCulture);
}
