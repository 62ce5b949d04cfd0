using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Refit;
using Shouldly;
using WelfarePlatform.Contracts;
using WelfarePlatform.DashboardApi.Client;
using WelfarePlatform.IntegrationTests.ExternalData;
using WelfarePlatform.Reference;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.DashboardApi;

/// <summary>
/// The real external-data (on a real socket) takes the recorded Covid-19 feed and publishes
/// ProvinceSeriesChanged; dashboard-api reads the values and the timeliness report back over HTTP with
/// its service token, announces the change on its stream, and serves Timely and Freshness.
/// </summary>
public sealed class TimelyAndFreshnessTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private ServiceHost<ExternalDataApp> external = null!;
    private ServiceHost<DashboardApiApp> dashboard = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, "dashboard_timely", "externaldb", "dashboarddb");
        var port = FreePort.Next();
        external = new(settings);
        external.UseKestrel(port);
        external.StartServer();
        settings["services:external-data:http:0"] = $"http://127.0.0.1:{port}";
        dashboard = new(settings);
        _ = dashboard.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await dashboard.DisposeAsync();
        await external.DisposeAsync();
    }

    [Fact]
    public async Task A_covid_feed_reaches_timely_and_freshness_and_the_stream()
    {
        var client = DashboardApiClientExtensions.Create(dashboard.CreateClient(Roles.Analyst));
        await using var stream = await StreamWatcher.OpenAsync(client);

        using var ingest = external.CreateClient(Roles.Ingest);
        var posted = await ingest.PostAsync("/api/feeds/covid-cases",
            new ByteArrayContent(Recorded.Bytes("covid-cases.json")) { Headers = { { "Content-Type", "application/json" } } }, TestContext.Current.CancellationToken);
        posted.StatusCode.ShouldBe(HttpStatusCode.OK, await posted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        await stream.NextAsync("timely", TimeSpan.FromSeconds(60));
        await stream.NextAsync("freshness", TimeSpan.FromSeconds(60));

        // Chiang Mai's 900 new cases on 1 July 2021 (the recorded file's onset), read back from external-data.
        var series = await TestPlatform.EventuallyAsync(async () =>
        {
            var answer = await client.GetTimelySeriesAsync("50", "2021-06-30", "2021-07-02", TestContext.Current.CancellationToken);
            return answer.Days[1].NewCases is not null && answer.Days[1].NewDeaths is not null ? answer : null;
        }, TimeSpan.FromSeconds(30), "both covid series for Chiang Mai");
        series.Days.Count.ShouldBe(3);
        series.NameEn.ShouldBe("Chiang Mai");
        Provinces.TryGetByCode("50", out var chiangMai).ShouldBeTrue();
        series.Population.ShouldBe(chiangMai.Population);
        var onset = series.Days[1];
        onset.Date.ShouldBe(new DateOnly(2021, 7, 1));
        onset.NewCases.ShouldBe(900);
        onset.CasesPer100k.ShouldBe(Math.Round(900m * 100_000 / chiangMai.Population, 2));
        onset.DisasterDeclarations.ShouldBe(0);
        onset.PaymentsBaht.ShouldBeNull();

        var lags = await client.GetTimelyLagsAsync(TestContext.Current.CancellationToken);
        lags.Provinces.Count.ShouldBe(77);
        lags.Provinces.Single(p => p.Code == "50").Status.ShouldBe("no-uplift-yet");
        lags.National.ProvincesInCrisis.ShouldBeGreaterThanOrEqualTo(1);

        var freshness = await client.GetFreshnessAsync(TestContext.Current.CancellationToken);
        var covid = freshness.Sources.ShouldHaveSingleItem();
        covid.Source.ShouldBe("covid-cases");
        covid.DefaultCadence.ShouldBeTrue();
        covid.Stale.ShouldBeTrue();

        // A registry batch: its cadence from ingest decides staleness.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await dashboard.Services.GetRequiredService<IBus>().Publish(new RegistryBatchCompleted
        {
            EventId = Guid.NewGuid(),
            CorrelationId = Guid.NewGuid(),
            BatchId = Guid.NewGuid(),
            Kind = "registrations",
            Source = "bank",
            AsOf = today.AddDays(-3),
            RowsRead = 1,
            RowsAccepted = 1,
            RowsRejected = 0,
            ChangedPersons = 1,
            ChangeSetBlob = "changesets/x.jsonl",
            SourceCadenceDays = 30,
            CompletedAt = DateTimeOffset.UtcNow,
        }, TestContext.Current.CancellationToken);
        var bank = await TestPlatform.EventuallyAsync(
            async () => (await client.GetFreshnessAsync(TestContext.Current.CancellationToken)).Sources.SingleOrDefault(s => s.Source == "bank"),
            TimeSpan.FromSeconds(60), "the bank batch in freshness");
        bank.Kind.ShouldBe("registrations");
        bank.CadenceDays.ShouldBe(30);
        bank.Stale.ShouldBeFalse();
        var freshnessCsv = (await client.GetFreshnessCsvAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        freshnessCsv[0].ShouldBe("today,source,kind,lastAsOf,cadenceDays,defaultCadence,stale,lastReceivedAt");
        freshnessCsv.Length.ShouldBe(3);

        // CSV: one row per day; problems for an unknown province and a bad range.
        var csv = (await client.GetTimelySeriesCsvAsync("50", "2021-07-01", "2021-07-10", TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csv.Length.ShouldBe(1 + 10);
        csv[1].ShouldStartWith("50,2021-07-01,900,");
        (await client.GetTimelyLagsCsvAsync(TestContext.Current.CancellationToken)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1 + 77);
        var unknown = await Should.ThrowAsync<ApiException>(() => client.GetTimelySeriesAsync("99", cancellationToken: TestContext.Current.CancellationToken));
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content!.ShouldContain("province code");
        (await Should.ThrowAsync<ApiException>(() => client.GetTimelySeriesAsync("50", "2021-07-10", "2021-07-01", TestContext.Current.CancellationToken)))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Rebuild: cleared and read again from external-data, the same values back.
        var steward = DashboardApiClientExtensions.Create(dashboard.CreateClient(Roles.Steward));
        var rebuilt = await steward.RebuildAsync("timely", TestContext.Current.CancellationToken);
        rebuilt.Rows.ShouldBe(366);
        await stream.NextAsync("timely", TimeSpan.FromSeconds(30));
        (await client.GetTimelySeriesAsync("50", "2021-06-30", "2021-07-02", TestContext.Current.CancellationToken)).ShouldBeEquivalentTo(series);
    }
}
