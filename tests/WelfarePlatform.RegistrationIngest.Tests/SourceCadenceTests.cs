using Microsoft.Extensions.Configuration;
using Shouldly;
using WelfarePlatform.RegistrationIngest.Sources;

namespace WelfarePlatform.RegistrationIngest.Tests;

public sealed class SourceCadenceTests
{
    [Fact]
    public void A_source_takes_its_configured_cadence_else_the_default()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sources:revenue:CadenceDays"] = "366",
            ["Sources:DefaultCadenceDays"] = "7",
        }).Build();
        var cadence = new SourceCadence(configuration);
        cadence.DaysFor("revenue").ShouldBe(366);
        cadence.DaysFor("bank").ShouldBe(7);
        new SourceCadence(new ConfigurationBuilder().Build()).DaysFor("bank").ShouldBe(SourceCadence.DefaultCadenceDays);
    }

    [Theory]
    [InlineData("2022-09-30", 31, "2022-10-31", false)]
    [InlineData("2022-09-30", 31, "2022-11-01", true)]
    [InlineData("2022-09-30", 1, "2022-09-30", false)]
    public void A_source_is_stale_once_its_last_as_of_is_more_than_its_cadence_ago(string lastAsOf, int cadenceDays, string today, bool stale) =>
        SourceCadence.IsStale(DateOnly.Parse(lastAsOf, System.Globalization.CultureInfo.InvariantCulture), cadenceDays, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(stale);
}
