using WelfarePlatform.DataGen.Population;
using WelfarePlatform.DataGen.Tests.Support;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Tests;

/// <summary>Registrants spread over the provinces by the weights, and the poorer regions carry more than their population share.</summary>
public sealed class ProvinceWeightTests
{
    private const int People = 200_000;

    private static readonly Lazy<int[]> CountsByProvince = new(() =>
    {
        var counts = new int[Provinces.All.Length];
        var population = new PopulationStream(Datasets.Settings("unused", People, seed: 3));
        while (population.MoveNext())
        {
            counts[population.Current.ProvinceIndex] += population.Current.Size;
        }

        return counts;
    });

    [Fact]
    public void Observed_shares_are_close_to_the_weights()
    {
        var counts = CountsByProvince.Value;
        for (var i = 0; i < counts.Length; i++)
        {
            var expected = RegistrantWeights.Share(i);
            var observed = (double)counts[i] / People;

            // People come in households of about 2.5 that share a province, which widens the spread
            // of a plain binomial; five such standard deviations is far for a correct generator.
            var spread = Math.Sqrt(expected * (1 - expected) * 2.5 / People);
            Math.Abs(observed - expected).ShouldBeLessThan(5 * spread, Provinces.All[i].NameEn);
        }
    }

    [Theory]
    [InlineData(Region.Northeast, true)]
    [InlineData(Region.North, true)]
    [InlineData(Region.East, false)]
    public void Regions_share_of_registrants_against_share_of_population(Region region, bool overRepresented)
    {
        var (registrantShare, populationShare) = Shares(p => p.Region == region && p.Number is < 60 or > 67);

        (registrantShare > populationShare).ShouldBe(overRepresented);
    }

    [Fact]
    public void Bangkok_is_under_and_the_deep_south_over_represented()
    {
        var bangkok = Shares(p => p.Number == 10);
        var deepSouth = Shares(p => p.IsDeepSouth);

        bangkok.Registrants.ShouldBeLessThan(bangkok.Population * 0.6);
        deepSouth.Registrants.ShouldBeGreaterThan(deepSouth.Population * 1.2);
    }

    private static (double Registrants, double Population) Shares(Func<Province, bool> select)
    {
        var counts = CountsByProvince.Value;
        var totalPopulation = Provinces.All.Sum(p => (double)p.Population);
        var registrants = Provinces.All.Select((p, i) => select(p) ? counts[i] : 0).Sum() / (double)People;
        var population = Provinces.All.Where(select).Sum(p => p.Population) / totalPopulation;
        return (registrants, population);
    }
}
