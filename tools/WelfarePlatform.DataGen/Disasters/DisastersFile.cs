using System.Globalization;
using WelfarePlatform.DataGen.Faults;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Randomness;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Disasters;

/// <summary>
/// Writes <c>disasters.csv</c> (FORMATS.md, disaster declarations): province as code, Thai or
/// English name (with or without จังหวัด), the hazard, declared and ended dates, affected
/// households. Declarations that have not ended by the as-of date have no ended_on.
/// </summary>
internal static class DisastersFile
{
    public const string FileName = "disasters.csv";
    public static readonly string[] Columns = ["province", "district", "hazard", "declared_on", "ended_on", "affected_households"];

    public static readonly ReasonCode[] Reasons =
    [
        ReasonCode.ColumnCount, ReasonCode.MissingField, ReasonCode.BadDate, ReasonCode.FutureDate,
        ReasonCode.UnknownProvince, ReasonCode.BadNumber, ReasonCode.BadEnum,
    ];

    private static readonly string[] UnknownProvinceNames = ["Atlantis", "จังหวัดลับแล", "Bangkok Noi", "เมืองพัทยา", "Isan"];
    private static readonly FaultColumns FaultColumns = new(Columns, -1, [3], 5, [0, 2, 3], 2, ["earthquake", "tsunami", "น้ำท่วม", "haze"]);

    /// <summary>People per household, to turn a province's population into households.</summary>
    private const double PeoplePerHousehold = 3.1;

    public static FileReport Write(GeneratorSettings settings)
    {
        var declarations = Declare(settings);
        var path = Path.Combine(settings.OutputDirectory, FileName);
        var schedule = new FaultSchedule(settings.Seed, 0x0D15A57E, settings.FaultRate);
        using var faults = new FaultLog(settings.FaultRate > 0 ? Faults.FaultInjector.ManifestPathFor(path) : null);
        using (var stream = DataFile.Create(path))
        using (var writer = new StreamWriter(stream, settings.Encoding.ToEncoding()) { NewLine = "\n" })
        {
            writer.Write(System.Text.Encoding.UTF8.GetString(settings.Encoding.Preamble()));
            writer.WriteLine(string.Join(',', Columns));
            long rows = 0;
            for (var i = 0; i < declarations.Count; i++)
            {
                writer.WriteLine(string.Join(',', declarations[i]));
                rows++;
                for (var due = schedule.DueAfter(i + 1); due > 0; due--)
                {
                    var rng = SplitMix64.For(settings.Seed, RandomStream.FaultRows, 0x0D15A57EL + faults.Count);
                    var (line, reason, detail) = BadRow(declarations[i], ref rng, settings.AsOf);
                    writer.WriteLine(line);
                    faults.Record(++rows, reason, detail);
                }
            }

            writer.Flush();
            return new FileReport(FileName, "disasters", null, settings.Encoding.CharsetName(), rows, faults.Count, faults.CountsByReason,
                settings.FaultRate > 0 ? Faults.FaultInjector.ManifestPathFor(FileName) : null, stream.Length);
        }
    }

    private static (string Line, ReasonCode Reason, string Detail) BadRow(string[] near, ref SplitMix64 rng, DateOnly asOf)
    {
        var fields = (string[])near.Clone();
        var reason = Reasons[rng.NextInt(Reasons.Length)];
        if (reason == ReasonCode.UnknownProvince)
        {
            fields[0] = UnknownProvinceNames[rng.NextInt(UnknownProvinceNames.Length)];
            return (string.Join(',', fields), reason, $"province '{fields[0]}'");
        }

        var (bad, detail) = FaultColumns.Corrupt(fields, reason, ref rng, asOf);
        return (string.Join(',', bad), reason, detail);
    }

    /// <summary>All declarations from the first year to the as-of date, in date then province order.</summary>
    private static List<string[]> Declare(GeneratorSettings settings)
    {
        var found = new List<(DateOnly Declared, int Province, string[] Fields)>();
        foreach (var province in Provinces.All)
        {
            for (var year = settings.DisastersFromYear; year <= settings.AsOf.Year; year++)
            {
                var rng = SplitMix64.For(settings.Seed, RandomStream.Disasters, (year * 100) + province.Number);
                foreach (var season in HazardSeasons.For(province))
                {
                    if (!rng.Chance(season.YearlyChance))
                    {
                        continue;
                    }

                    var first = new DateOnly(year, season.FirstMonth, 1);
                    var last = new DateOnly(year, season.LastMonth, 1).AddMonths(1).AddDays(-1);
                    var declared = first.AddDays(rng.NextInt(last.DayNumber - first.DayNumber + 1));
                    var ended = declared.AddDays(rng.NextInt(season.MinDays, season.MaxDays + 1));
                    var households = (int)(province.Population / PeoplePerHousehold * season.MaxAffectedShare * (0.05 + (0.95 * rng.NextDouble())));
                    if (declared <= settings.AsOf)
                    {
                        found.Add((declared, province.Number, Fields(province, season.Hazard, declared, ended <= settings.AsOf ? ended : null, households, ref rng)));
                    }
                }
            }
        }

        return [.. found.OrderBy(d => d.Declared).ThenBy(d => d.Province).Select(d => d.Fields)];
    }

    private static string[] Fields(Province province, string hazard, DateOnly declared, DateOnly? ended, int households, ref SplitMix64 rng)
    {
        var spelling = rng.NextInt(20);
        var name = spelling switch
        {
            < 8 => province.Code,
            < 13 => province.NameTh,
            < 16 => "จังหวัด" + province.NameTh,
            < 19 => province.NameEn,
            _ => province.NameEn.ToUpperInvariant(),
        };
        var district = province.Number != 10 && rng.Chance(0.3) ? "เมือง" + province.NameTh : "";
        var affected = rng.Chance(0.9) ? households.ToString(CultureInfo.InvariantCulture) : "";
        var endedText = ended is { } end ? DateFormatter.ToText(end, DateStyle.Iso) : "";
        return [name, district, hazard, DateFormatter.ToText(declared, DateStyle.Iso), endedText, affected];
    }
}
