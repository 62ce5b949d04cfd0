using WelfarePlatform.DataGen.Registrations;
using WelfarePlatform.DataGen.Tests.Support;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Tests;

/// <summary>National IDs carry valid check digits and never collide; households share an 11-digit house code.</summary>
public sealed class IdentityTests
{
    private static readonly Lazy<(string[] Header, List<string[]> Rows)> Registrations =
        new(() => Csv.Read(Path.Combine(Datasets.Clean, RegistrationsFile.FileName)));

    [Fact]
    public void Every_national_id_has_a_valid_check_digit()
    {
        var invalid = Registrations.Value.Rows.Select(r => r[0]).Where(id => !NationalId.IsValid(id)).ToList();

        invalid.ShouldBeEmpty();
    }

    [Fact]
    public void National_ids_are_unique()
    {
        var rows = Registrations.Value.Rows;

        rows.Select(r => r[0]).Distinct().Count().ShouldBe(rows.Count);
    }

    [Fact]
    public void Ids_start_with_a_person_type_digit_and_a_province_code()
    {
        foreach (var id in Registrations.Value.Rows.Select(r => r[0]))
        {
            "123568".ShouldContain(id[0]);
            Provinces.TryGetByCode(id.AsSpan(1, 2), out _).ShouldBeTrue(id);
        }
    }

    [Fact]
    public void Households_have_one_head_and_one_province_and_at_most_eight_members()
    {
        var households = Registrations.Value.Rows.GroupBy(r => r[6]).ToList();

        households.ShouldAllBe(h => h.Key.Length == 11 && h.Key.StartsWith(h.First()[5], StringComparison.Ordinal));
        households.ShouldAllBe(h => h.Count() <= 8 && h.Select(r => r[5]).Distinct().Count() == 1);
        households.ShouldAllBe(h => h.Count(r => r[7] == "head" || r[7] == "") == 1);
        households.Select(h => h.Count()).Max().ShouldBe(8);
    }
}
