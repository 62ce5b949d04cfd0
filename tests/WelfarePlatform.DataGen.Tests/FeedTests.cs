using System.Globalization;
using System.Text.Json;
using WelfarePlatform.DataGen.Covid;
using WelfarePlatform.DataGen.Disasters;
using WelfarePlatform.DataGen.Tests.Support;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Tests;

/// <summary>Covid waves reach provinces at different times; floods and droughts come in their seasons and regions.</summary>
public sealed class FeedTests
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        var folder = Datasets.NewFolder("feeds");
        var settings = Datasets.Settings(folder, 10);
        CovidCasesFile.Write(settings);
        DisastersFile.Write(settings);
        return folder;
    });

    [Fact]
    public void Covid_series_has_every_province_every_day_by_thai_name_with_running_totals()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder.Value, CovidCasesFile.FileName)));
        var rows = json.RootElement.EnumerateArray().ToList();
        var days = Datasets.AsOf.DayNumber - new DateOnly(2020, 1, 1).DayNumber + 1;

        rows.Count.ShouldBe(days * 77);
        foreach (var byProvince in rows.GroupBy(r => r.GetProperty("province").GetString()))
        {
            Provinces.TryResolveName(byProvince.Key, out var province).ShouldBeTrue(byProvince.Key);
            byProvince.Key.ShouldBe(province!.NameTh);
            long total = 0;
            foreach (var day in byProvince)
            {
                total += day.GetProperty("new_case").GetInt64();
                day.GetProperty("total_case").GetInt64().ShouldBe(total);
                day.GetProperty("new_case_excludeabroad").GetInt64().ShouldBeLessThanOrEqualTo(day.GetProperty("new_case").GetInt64());
            }
        }
    }

    [Fact]
    public void Delta_wave_peaks_later_in_the_deep_south_than_in_bangkok()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder.Value, CovidCasesFile.FileName)));
        DateOnly PeakIn2021(string province) => json.RootElement.EnumerateArray()
            .Where(r => r.GetProperty("province").GetString() == province && r.GetProperty("txn_date").GetString()!.StartsWith("2021", StringComparison.Ordinal))
            .MaxBy(r => r.GetProperty("new_case").GetInt64())
            .GetProperty("txn_date").GetString() is { } date ? DateOnly.Parse(date, CultureInfo.InvariantCulture) : default;

        (PeakIn2021("นราธิวาส").DayNumber - PeakIn2021("กรุงเทพมหานคร").DayNumber).ShouldBeGreaterThan(30);
    }

    [Fact]
    public void Floods_and_droughts_come_in_their_seasons_and_regions()
    {
        var (_, rows) = Csv.Read(Path.Combine(Folder.Value, DisastersFile.FileName));
        var declarations = rows.Select(r =>
        {
            Provinces.TryResolve(r[0], out var province).ShouldBeTrue(r[0]);
            return (Province: province!, Hazard: r[2], Declared: DateOnly.ParseExact(r[3], "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }).ToList();

        var floods = declarations.Where(d => d.Hazard == "flood").ToList();
        var droughts = declarations.Where(d => d.Hazard == "drought").ToList();
        floods.Count.ShouldBeGreaterThan(100);
        droughts.Count.ShouldBeGreaterThan(50);
        floods.Where(d => d.Province.Region != Region.South).ShouldAllBe(d => d.Declared.Month >= 7 && d.Declared.Month <= 11);
        floods.Where(d => d.Province.Region == Region.South).ShouldAllBe(d => d.Declared.Month >= 10);
        droughts.ShouldAllBe(d => d.Declared.Month >= 2 && d.Declared.Month <= 5);
        droughts.ShouldAllBe(d => d.Province.Region == Region.Northeast || d.Province.Region == Region.North || (d.Province.Number >= 60 && d.Province.Number <= 67));
        foreach (var region in new[] { Region.North, Region.Northeast, Region.Central, Region.South })
        {
            floods.ShouldContain(d => d.Province.Region == region, region.ToString());
        }
    }
}
