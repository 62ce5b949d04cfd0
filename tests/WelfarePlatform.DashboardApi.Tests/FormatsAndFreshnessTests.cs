using System.Text;
using Microsoft.AspNetCore.Http;
using Shouldly;
using WelfarePlatform.DashboardApi.Changes;
using WelfarePlatform.DashboardApi.Client;
using WelfarePlatform.DashboardApi.Formats;
using WelfarePlatform.DashboardApi.Freshness;
using ReadModelChange = WelfarePlatform.DashboardApi.Changes.ReadModelChange;

namespace WelfarePlatform.DashboardApi.Tests;

public sealed class FormatsAndFreshnessTests
{
    [Theory]
    [InlineData(null, ResponseFormat.Json)]
    [InlineData("*/*", ResponseFormat.Json)]
    [InlineData("application/json", ResponseFormat.Json)]
    [InlineData("text/csv", ResponseFormat.Csv)]
    [InlineData("text/csv;q=0.5, application/json", ResponseFormat.Json)]
    [InlineData("application/json;q=0.2, text/csv", ResponseFormat.Csv)]
    [InlineData("application/xml, */*;q=0.1", ResponseFormat.Json)]
    [InlineData("application/xml", null)]
    [InlineData("text/csv;q=0", null)]
    public void Accept_chooses_json_by_default_csv_when_asked_and_nothing_for_other_types(string? accept, ResponseFormat? expected)
    {
        var context = new DefaultHttpContext();
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        Negotiation.Choose(context.Request).ShouldBe(expected);
    }

    [Fact]
    public void Csv_quotes_what_needs_it_and_leaves_nulls_empty()
    {
        var csv = new CsvWriter().Row("a", "b,c", "say \"hi\"", null, 1.5m, new DateOnly(2022, 9, 30), true).ToString();
        csv.ShouldBe("a,\"b,c\",\"say \"\"hi\"\"\",,1.5,2022-09-30,true\r\n");
    }

    [Fact]
    public void A_source_is_stale_the_day_after_as_of_plus_cadence()
    {
        var received = DateTimeOffset.Parse("2022-10-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        SourceDelivery[] deliveries =
        [
            new("bank", "registrations", new DateOnly(2022, 9, 30), 30, received),
            new("covid-cases", "covid-cases", new DateOnly(2022, 10, 20), null, received),
        ];

        var onTheLastDay = FreshnessRule.Report(deliveries, new DateOnly(2022, 10, 30), defaultCadenceDays: 7);
        onTheLastDay.Sources[0].Stale.ShouldBeFalse();
        onTheLastDay.Sources[1].Stale.ShouldBeTrue();
        onTheLastDay.Sources[1].CadenceDays.ShouldBe(7);
        onTheLastDay.Sources[1].DefaultCadence.ShouldBeTrue();

        FreshnessRule.Report(deliveries, new DateOnly(2022, 10, 31), 7).Sources[0].Stale.ShouldBeTrue();
        FreshnessRule.Report(deliveries, new DateOnly(2022, 10, 27), 7).Sources[1].Stale.ShouldBeFalse();
    }

    [Theory]
    [InlineData("covid-cases:post", "covid-cases")]
    [InlineData("covid-cases:pull", "covid-cases")]
    [InlineData("disasters:post", "disasters")]
    [InlineData("payments:0b7e4c1a-0000-0000-0000-000000000000", null)]
    public void A_series_source_names_its_feed(string source, string? feed) => FreshnessRule.FeedOf(source).ShouldBe(feed);

    [Fact]
    public async Task A_slow_subscriber_keeps_only_the_newest_messages_and_others_are_not_held_up()
    {
        var broadcaster = new ChangeBroadcaster();
        using var slow = broadcaster.Subscribe();
        using var fast = broadcaster.Subscribe();
        for (var version = 1; version <= ChangeBroadcaster.QueueCapacity + 10; version++)
        {
            broadcaster.Publish(new ReadModelChange("targeted", version, DateTimeOffset.UnixEpoch));
            (await fast.Reader.ReadAsync(TestContext.Current.CancellationToken)).Version.ShouldBe(version);
        }

        var kept = new List<long>();
        while (slow.Reader.TryRead(out var change))
        {
            kept.Add(change.Version);
        }

        kept.Count.ShouldBe(ChangeBroadcaster.QueueCapacity);
        kept[^1].ShouldBe(ChangeBroadcaster.QueueCapacity + 10);
        slow.Dispose();
        broadcaster.SubscriberCount.ShouldBe(1);
    }

    [Fact]
    public async Task The_client_reads_changed_events_and_skips_comments()
    {
        var text = ": connected\n\n: keep-alive\n\nevent: changed\ndata: {\"readModel\":\"timely\",\"version\":3,\"changedAt\":\"2026-11-27T10:00:00Z\"}\n\nevent: other\ndata: {}\n\n";
        var connected = false;
        var changes = new List<WelfarePlatform.DashboardApi.Client.ReadModelChange>();
        await foreach (var change in DashboardStream.ReadChangesAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), () => connected = true, TestContext.Current.CancellationToken))
        {
            changes.Add(change);
        }

        connected.ShouldBeTrue();
        changes.ShouldHaveSingleItem().ShouldBe(new WelfarePlatform.DashboardApi.Client.ReadModelChange("timely", 3, DateTimeOffset.Parse("2026-11-27T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
