using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Randomness;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Covid;

/// <summary>
/// Writes <c>covid-cases.json</c> in the shape of the Department of Disease Control's open API:
/// one object per province per day, province as its Thai name, cumulative totals per province.
/// </summary>
internal static class CovidCasesFile
{
    public const string FileName = "covid-cases.json";

    /// <summary>Deaths follow cases by about this many days.</summary>
    private const int DeathLagDays = 12;

    public static FileReport Write(GeneratorSettings settings)
    {
        var provinces = Provinces.All;
        var totalPopulation = provinces.Sum(p => (double)p.Population);
        var waves = provinces.Select(province => CovidWaves.Thailand
            .Select((wave, i) => ProvinceWave.For(wave, province, i, settings.Seed, province.Population / totalPopulation))
            .ToArray()).ToArray();
        var totals = new Totals[provinces.Length];

        var path = Path.Combine(settings.OutputDirectory, FileName);
        using var stream = DataFile.Create(path);
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            // Thai names as Thai letters, not \u escapes, as the DDC API sends them.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.BasicLatin, UnicodeRanges.Thai),
        }))
        {
            json.WriteStartArray();
            long rows = 0;
            for (var day = settings.CovidFrom; day <= settings.AsOf; day = day.AddDays(1))
            {
                for (var p = 0; p < provinces.Length; p++)
                {
                    var rng = SplitMix64.For(settings.Seed, RandomStream.CovidDays, ((long)day.DayNumber * 100) + provinces[p].Number);
                    WriteDay(json, day, provinces[p], waves[p], ref totals[p], ref rng);
                    rows++;
                }
            }

            json.WriteEndArray();
            json.Flush();
            return new FileReport(FileName, "covid-cases", null, "utf-8", rows, 0, new Dictionary<string, long>(), null, stream.Length);
        }
    }

    private static void WriteDay(Utf8JsonWriter json, DateOnly day, Province province, ProvinceWave[] waves, ref Totals totals, ref SplitMix64 rng)
    {
        double expectedCases = 0, expectedImported = 0, expectedDeaths = 0;
        foreach (var wave in waves)
        {
            var cases = wave.ExpectedCases(day.DayNumber);
            expectedCases += cases;
            expectedImported += cases * wave.ImportedShare;
            expectedDeaths += wave.ExpectedCases(day.DayNumber - DeathLagDays) * wave.FatalityRate;
        }

        var newCases = CountDraw.Draw(expectedCases, ref rng);
        var imported = Math.Min(newCases, CountDraw.Draw(expectedImported, ref rng));
        var deaths = CountDraw.Draw(expectedDeaths, ref rng);
        totals.Cases += newCases;
        totals.Local += newCases - imported;
        totals.Deaths += deaths;

        json.WriteStartObject();
        json.WriteString("txn_date", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("province", province.NameTh);
        json.WriteNumber("new_case", newCases);
        json.WriteNumber("total_case", totals.Cases);
        json.WriteNumber("new_case_excludeabroad", newCases - imported);
        json.WriteNumber("total_case_excludeabroad", totals.Local);
        json.WriteNumber("new_death", deaths);
        json.WriteNumber("total_death", totals.Deaths);

        // The API stamps each day's figures early the next morning.
        var stamp = day.AddDays(1).ToDateTime(new TimeOnly(7, 30 + rng.NextInt(20), rng.NextInt(60)));
        json.WriteString("update_date", stamp.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private struct Totals
    {
        public long Cases;
        public long Local;
        public long Deaths;
    }
}
