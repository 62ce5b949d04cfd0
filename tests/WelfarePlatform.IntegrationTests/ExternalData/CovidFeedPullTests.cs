using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.ExternalData;

/// <summary>
/// The scheduled pull against a real HTTP server on 127.0.0.1 that fails (503), then answers with
/// the recorded feed and an ETag, then answers 304 Not Modified to the conditional request, fails
/// once more (500), and answers 304 again: the data loads once, backoff spaces the attempts after
/// a failure, and a failure leaves the last good data in place.
/// </summary>
public sealed class CovidFeedPullTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private const string ETag = "\"ddc-v1\"";
    private const string LastModified = "Sat, 31 Jul 2021 23:00:00 GMT";
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1.5);
    private readonly FeedServer source = new();
    private Dictionary<string, string> settings = [];
    private ServiceHost<ExternalDataApp>? external;
    private ExternalDb db = null!;

    public async ValueTask InitializeAsync()
    {
        source.Start();
        settings = await TestPlatform.SettingsAsync(infrastructure, "external_pull", "externaldb");
        settings["Feeds:CovidCases:Url"] = source.Url;
        settings["Feeds:CovidCases:Interval"] = "00:00:00.300";
        settings["Feeds:CovidCases:InitialBackoff"] = InitialBackoff.ToString();
        settings["Feeds:CovidCases:MaxBackoff"] = "00:00:05";
        settings["Feeds:CovidCases:Timeout"] = "00:00:10";
        db = new ExternalDb(settings["ConnectionStrings:externaldb"]);
    }

    public async ValueTask DisposeAsync()
    {
        // The host is created in the test, after the source is up; it may not exist if setup failed.
        if (external is not null)
        {
            await external.DisposeAsync();
        }

        await db.DisposeAsync();
        source.Dispose();
    }

    [Fact]
    public async Task The_pull_backs_off_after_a_failure_loads_once_and_then_is_not_modified()
    {
        external = new(settings);
        _ = external.Server;
        using var steward = external.CreateClient(Roles.Steward);

        // 503, then 200 with the feed, then 304s.
        await TestPlatform.EventuallyAsync(async () => source.Requests.Count >= 3 ? source : null, TimeSpan.FromSeconds(60), "three pulls");
        var requests = source.Requests.ToArray();
        requests[0].Answer.ShouldBe(HttpStatusCode.ServiceUnavailable);
        requests[1].Answer.ShouldBe(HttpStatusCode.OK);
        requests[2].Answer.ShouldBe(HttpStatusCode.NotModified);
        requests[1].IfNoneMatch.ShouldBeNull("a failed answer gives no validators");
        requests[2].IfNoneMatch.ShouldBe(ETag);
        requests[2].IfModifiedSince.ShouldBe(LastModified);
        (requests[1].At - requests[0].At).ShouldBeGreaterThanOrEqualTo(InitialBackoff - TimeSpan.FromMilliseconds(100), "the backoff after the first failure");

        (await db.ValueAsync("covid-new-cases", "50", new DateOnly(2021, 7, 1))).ShouldBe(900);
        (await db.CountAsync("select count(*) from series_values where series = 'covid-new-cases'")).ShouldBe(183);
        var pull = await PullStateAsync(steward);
        pull["etag"]!.GetValue<string>().ShouldBe(ETag);
        pull["failures"]!.GetValue<int>().ShouldBe(0);
        pull["lastChangedAt"].ShouldNotBeNull();

        // The source fails again: the pull says so, and the data stays.
        source.FailNext(HttpStatusCode.InternalServerError);
        var failed = await TestPlatform.EventuallyAsync(
            async () => (await PullStateAsync(steward)) is { } state && state["failures"]!.GetValue<int>() == 1 ? state : null,
            TimeSpan.FromSeconds(30), "the pull to record the failure");
        failed["lastError"]!.GetValue<string>().ShouldContain("500");
        failed["etag"]!.GetValue<string>().ShouldBe(ETag);
        (await db.CountAsync("select count(*) from series_values where series = 'covid-new-cases'")).ShouldBe(183);

        // And recovers with a 304: nothing loaded twice, no history, no second set of events.
        var recovered = await TestPlatform.EventuallyAsync(
            async () => (await PullStateAsync(steward)) is { } state && state["failures"]!.GetValue<int>() == 0 ? state : null,
            TimeSpan.FromSeconds(30), "the pull to recover");
        recovered["lastStatus"]!.GetValue<string>().ShouldBe("304 Not Modified");
        source.Requests.Count(r => r.Answer == HttpStatusCode.OK).ShouldBe(1);
        (await db.CountAsync("select count(*) from series_value_history")).ShouldBe(0);
        (await db.OutboxBodiesAsync()).Count.ShouldBe(2);
    }

    private static async Task<JsonObject> PullStateAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonArray>("/api/feeds/pulls"))!.ShouldHaveSingleItem()!.AsObject();

    /// <summary>What the source saw and answered.</summary>
    private sealed record SeenRequest(TimeSpan At, string? IfNoneMatch, string? IfModifiedSince, HttpStatusCode Answer);

    /// <summary>
    /// A minimal DDC stand-in on 127.0.0.1: 503 first, then the recorded feed with an ETag and
    /// Last-Modified, then 304 to a request that carries that ETag (or a queued failure).
    /// </summary>
    private sealed class FeedServer : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly byte[] feed = Recorded.Bytes("covid-cases.json");
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private int nextFailure = (int)HttpStatusCode.ServiceUnavailable;

        public FeedServer() => Url = $"http://127.0.0.1:{FreePort.Next()}/api/Cases/timeline-cases-by-provinces/";

        public string Url { get; }

        public System.Collections.Concurrent.ConcurrentQueue<SeenRequest> Requests { get; } = new();

        public void FailNext(HttpStatusCode status) => Interlocked.Exchange(ref nextFailure, (int)status);

        public void Start()
        {
            listener.Prefixes.Add(Url);
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                var ifNoneMatch = context.Request.Headers["If-None-Match"];
                var failure = Interlocked.Exchange(ref nextFailure, 0);
                var answer = failure != 0 ? (HttpStatusCode)failure : ifNoneMatch == ETag ? HttpStatusCode.NotModified : HttpStatusCode.OK;
                Requests.Enqueue(new SeenRequest(clock.Elapsed, ifNoneMatch, context.Request.Headers["If-Modified-Since"], answer));
                context.Response.StatusCode = (int)answer;
                if (answer == HttpStatusCode.OK)
                {
                    context.Response.ContentType = "application/json; charset=utf-8";
                    context.Response.Headers["ETag"] = ETag;
                    context.Response.Headers["Last-Modified"] = LastModified;
                    await context.Response.OutputStream.WriteAsync(feed);
                }

                context.Response.Close();
            }
        }

        public void Dispose() => listener.Close();
    }
}
