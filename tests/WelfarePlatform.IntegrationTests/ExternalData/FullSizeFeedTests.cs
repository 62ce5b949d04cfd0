using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using WelfarePlatform.Reference;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.ExternalData;

/// <summary>
/// A DDC feed of the real API's size (77 provinces × 1,000 days = 77,000 rows, about 15 MB) loads
/// in one transaction, the same feed again changes nothing, and the timeliness analysis runs over
/// the whole window; the timings are printed (README, "external-data").
/// </summary>
public sealed class FullSizeFeedTests(InfrastructureFixture infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Days = 1_000;
    private static readonly DateOnly First = new(2020, 1, 1);
    private ServiceHost<ExternalDataApp> external = null!;

    public async ValueTask InitializeAsync()
    {
        external = new(await TestPlatform.SettingsAsync(infrastructure, "external_full_size", "externaldb"));
        _ = external.Server;
    }

    public async ValueTask DisposeAsync() => await external.DisposeAsync();

    [Fact]
    public async Task A_full_size_feed_loads_whole_and_again_changes_nothing()
    {
        var feed = Feed();
        using var ingest = external.CreateClient(Roles.Ingest);

        var first = Stopwatch.StartNew();
        var loaded = await PostAsync(ingest, feed);
        first.Stop();
        loaded["rowsAccepted"]!.GetValue<int>().ShouldBe(77 * Days);
        loaded["valuesChanged"]!.GetValue<int>().ShouldBe(2 * 77 * Days);

        var second = Stopwatch.StartNew();
        (await PostAsync(ingest, feed))["valuesChanged"]!.GetValue<int>().ShouldBe(0);
        second.Stop();

        using var analyst = external.CreateClient(Roles.Analyst);
        var analysis = Stopwatch.StartNew();
        var report = (await analyst.GetFromJsonAsync<JsonObject>($"/api/timeliness/lags?from={First:yyyy-MM-dd}&to={First.AddDays(Days - 1):yyyy-MM-dd}"))!;
        analysis.Stop();
        report["provinces"]!.AsArray().Count.ShouldBe(77);

        output.WriteLine($"{feed.Length / 1e6:0.0} MB, {77 * Days:N0} rows: first load {first.Elapsed.TotalSeconds:0.00} s, " +
            $"same feed again {second.Elapsed.TotalSeconds:0.00} s, timeliness over {Days} days {analysis.Elapsed.TotalSeconds:0.00} s");
    }

    private static byte[] Feed()
    {
        var json = new StringBuilder("[");
        for (var d = 0; d < Days; d++)
        {
            var day = First.AddDays(d);
            foreach (var province in Provinces.All)
            {
                var cases = (d * 7 + province.Number * 13) % 97;
                json.Append(json.Length > 1 ? "," : "")
                    .Append($$"""{"txn_date":"{{day:yyyy-MM-dd}}","province":"{{province.NameTh}}","new_case":{{cases}},"total_case":{{cases * d}},"new_case_excludeabroad":{{cases}},"total_case_excludeabroad":{{cases * d}},"new_death":{{cases % 3}},"total_death":{{d}},"update_date":"{{day.AddDays(1):yyyy-MM-dd}} 07:35:01"}""");
            }
        }

        return Encoding.UTF8.GetBytes(json.Append(']').ToString());
    }

    private static async Task<JsonObject> PostAsync(HttpClient client, byte[] feed)
    {
        var response = await client.PostAsync("/api/feeds/covid-cases", new ByteArrayContent(feed) { Headers = { { "Content-Type", "application/json" } } });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
