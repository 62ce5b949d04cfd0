namespace WelfarePlatform.Reference.Tests;

/// <summary>The 77 provinces: codes, names, regions, and the lookups every service uses.</summary>
public sealed class ProvincesTests
{
    [Fact]
    public void There_are_77_with_unique_codes_and_names()
    {
        Provinces.All.Length.ShouldBe(77);
        Provinces.All.Select(p => p.Code).Distinct().Count().ShouldBe(77);
        Provinces.All.Select(p => p.NameTh).Distinct().Count().ShouldBe(77);
        Provinces.All.Select(p => p.NameEn).Distinct().Count().ShouldBe(77);
        Provinces.All.Select(p => p.Number).ShouldBeInOrder();
    }

    [Theory]
    [InlineData("10", "กรุงเทพมหานคร", "Bangkok")]
    [InlineData("38", "บึงกาฬ", "Bueng Kan")]
    [InlineData("50", "เชียงใหม่", "Chiang Mai")]
    [InlineData("96", "นราธิวาส", "Narathiwat")]
    public void Known_codes_have_their_names(string code, string nameTh, string nameEn)
    {
        Provinces.TryGetByCode(code, out var province).ShouldBeTrue();
        province!.NameTh.ShouldBe(nameTh);
        province.NameEn.ShouldBe(nameEn);
        Provinces.TryGetByCode(System.Text.Encoding.ASCII.GetBytes(code), out var fromBytes).ShouldBeTrue();
        fromBytes.ShouldBe(province);
    }

    [Fact]
    public void Regions_have_their_six_region_counts()
    {
        var counts = Provinces.All.GroupBy(p => p.Region).ToDictionary(g => g.Key, g => g.Count());

        counts.ShouldBe(new Dictionary<Region, int>
        {
            [Region.North] = 9, [Region.Northeast] = 20, [Region.Central] = 22,
            [Region.East] = 7, [Region.West] = 5, [Region.South] = 14,
        }, ignoreOrder: true);
        Provinces.All.Where(p => p.IsDeepSouth).Select(p => p.Code).ShouldBe(["94", "95", "96"]);
    }

    [Fact]
    public void Populations_add_up_to_about_66_million()
    {
        Provinces.All.Sum(p => (long)p.Population).ShouldBeInRange(65_000_000L, 67_000_000L);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("28")]
    [InlineData("99")]
    [InlineData("5")]
    [InlineData("050")]
    [InlineData("")]
    [InlineData("1O")]
    public void Non_codes_are_rejected(string code)
    {
        Provinces.TryGetByCode(code, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("เชียงใหม่", "50")]
    [InlineData("จังหวัดเชียงใหม่", "50")]
    [InlineData("จังหวัด เชียงใหม่", "50")]
    [InlineData("จ.เชียงใหม่", "50")]
    [InlineData("Chiang Mai", "50")]
    [InlineData("CHIANGMAI", "50")]
    [InlineData("Chiang Mai Province", "50")]
    [InlineData("Changwat Chiang Mai", "50")]
    [InlineData("Chon Buri", "20")]
    [InlineData("Phang-nga", "82")]
    [InlineData("Si Sa Ket", "33")]
    [InlineData("กรุงเทพฯ", "10")]
    [InlineData("กทม.", "10")]
    [InlineData("Bangkok Metropolis", "10")]
    [InlineData("โคราช", "30")]
    [InlineData("Ayutthaya", "14")]
    [InlineData("ลําปาง", "52")] // sara am typed as nikhahit + sara aa
    [InlineData("  ลำปาง ", "52")]
    [InlineData("บึงกาฬ", "38")]
    public void Names_resolve_in_their_usual_spellings(string name, string code)
    {
        Provinces.TryResolveName(name, out var province).ShouldBeTrue(name);
        province!.Code.ShouldBe(code);
    }

    [Fact]
    public void Every_province_resolves_by_its_own_names_with_and_without_prefix()
    {
        foreach (var province in Provinces.All)
        {
            foreach (var name in new[] { province.NameTh, "จังหวัด" + province.NameTh, province.NameEn, province.NameEn.ToUpperInvariant() })
            {
                Provinces.TryResolveName(name, out var found).ShouldBeTrue(name);
                found.ShouldBe(province);
            }
        }
    }

    [Theory]
    [InlineData("Atlantis")]
    [InlineData("เมืองพัทยา")]
    [InlineData("Isan")]
    [InlineData("")]
    [InlineData("จังหวัด")]
    [InlineData("10")]
    public void Unknown_names_are_rejected(string name)
    {
        Provinces.TryResolveName(name, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("50", "50")]
    [InlineData(" 96 ", "96")]
    [InlineData("Narathiwat", "96")]
    [InlineData("จังหวัดนราธิวาส", "96")]
    public void Resolve_takes_a_code_or_a_name(string codeOrName, string code)
    {
        Provinces.TryResolve(codeOrName, out var province).ShouldBeTrue();
        province!.Code.ShouldBe(code);
    }
}
