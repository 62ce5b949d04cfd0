using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Refit;
using Shouldly;
using WelfarePlatform.Contracts;
using WelfarePlatform.DashboardApi.Client;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.DashboardApi;

/// <summary>
/// Two dashboard-api replicas on one database and one RabbitMQ virtual host: eligibility's
/// DeterminationsChanged goes through the real broker to one of them, and both replicas' streams
/// announce the change (PostgreSQL LISTEN/NOTIFY). Read through the typed client: suppression,
/// asOf snapshots, CSV and problems.
/// </summary>
public sealed class TargetedApiTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private static readonly DateTimeOffset Computed = DateTimeOffset.Parse("2022-10-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static int instances;
    private ServiceHost<DashboardApiApp> first = null!;
    private ServiceHost<DashboardApiApp> second = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, $"dashboard_targeted_{Interlocked.Increment(ref instances)}", "dashboarddb");
        settings["Dashboard:StreamKeepAlive"] = "00:00:01";
        first = new(settings);
        second = new(settings);
        _ = first.Server;
        _ = second.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    /// <summary>
    /// dashboard-api remembers validated tokens (ValidatedTokenCache) but never past the moment the JWT
    /// handler would refuse them: expiry plus the platform's 30 s clock skew.
    /// </summary>
    [Fact]
    public async Task A_remembered_token_is_refused_once_it_has_expired()
    {
        // Expired 22 s ago: still accepted within the 30 s clock skew, for 8 more seconds.
        var issued = DateTime.UtcNow - TimeSpan.FromSeconds(82);
        var token = DevelopmentTokens.Create(TestPlatform.Auth, Roles.Analyst, TimeSpan.FromMinutes(1), now: issued);
        var refusedFrom = issued + TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(30);
        using var http = first.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        (await http.GetAsync("/api/freshness", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Services.GetRequiredService<WelfarePlatform.DashboardApi.Security.ValidatedTokenCache>().TryGet(token, out _, out _).ShouldBeTrue();
        (await http.GetAsync("/api/freshness", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Task.Delay(refusedFrom - DateTime.UtcNow + TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        (await http.GetAsync("/api/freshness", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Determinations_reach_both_replicas_streams_and_the_summary_is_suppressed_with_complements()
    {
        var client = Client(first, Roles.Analyst);
        var otherReplica = Client(second, Roles.Analyst);
        await using var firstStream = await StreamWatcher.OpenAsync(client);
        await using var secondStream = await StreamWatcher.OpenAsync(otherReplica);

        // Bangkok: 3 eligible of 40 (under k) — 40 − 37 − 0 would give it back, so 37 is withheld too.
        await PublishAsync(Determinations(new DateOnly(2022, 9, 30), Computed,
            Province("10", eligible: 3, ineligible: 37, unknown: 0, stale: 20),
            Province("50", eligible: 30, ineligible: 25, unknown: 12, stale: 12),
            Province("96", eligible: 40, ineligible: 40, unknown: 20, stale: 30)));

        var change = await firstStream.NextAsync("targeted", TimeSpan.FromSeconds(60));
        (await secondStream.NextAsync("targeted", TimeSpan.FromSeconds(60))).Version.ShouldBe(change.Version);

        var summary = await client.GetTargetedSummaryAsync("round-2022", cancellationToken: TestContext.Current.CancellationToken);
        summary.AsOf.ShouldBe(new DateOnly(2022, 9, 30));
        summary.K.ShouldBe(10);
        summary.National.Registrants.ShouldBe(207);
        summary.National.Eligible.ShouldBe(73);
        summary.National.StaleEvidenceShare.ShouldBe(Math.Round(62m / 207, 4));
        var bangkok = summary.Provinces.Single(p => p.Code == "10");
        bangkok.Eligible.ShouldBeNull();
        bangkok.Ineligible.ShouldBeNull();
        bangkok.Suppressed.ShouldContain("eligible");
        bangkok.Suppressed.ShouldContain("ineligible");
        bangkok.Registrants.ShouldBe(40);
        // National eligible 73 − 30 − 40 would give Bangkok's 3: another province's eligible is withheld as well.
        summary.Provinces.Where(p => p.Code != "10").Count(p => p.Eligible is null).ShouldBe(1);
        (await otherReplica.GetTargetedSummaryAsync("round-2022", cancellationToken: TestContext.Current.CancellationToken)).ShouldBeEquivalentTo(summary);

        // A newer snapshot replaces the cached answer; the older one stays reachable with asOf.
        await PublishAsync(Determinations(new DateOnly(2022, 10, 31), Computed.AddDays(31),
            Province("10", 30, 30, 0, null), Province("50", 30, 30, 0, null)));
        (await firstStream.NextAsync("targeted", TimeSpan.FromSeconds(60))).Version.ShouldBe(change.Version + 1);
        var newer = await client.GetTargetedSummaryAsync(cancellationToken: TestContext.Current.CancellationToken);
        newer.AsOf.ShouldBe(new DateOnly(2022, 10, 31));
        newer.National.Registrants.ShouldBe(120);
        newer.National.StaleEvidenceShare.ShouldBeNull();
        (await client.GetTargetedSummaryAsync(asOf: "2022-10-15", cancellationToken: TestContext.Current.CancellationToken)).AsOf.ShouldBe(new DateOnly(2022, 9, 30));

        var tooEarly = await Should.ThrowAsync<ApiException>(() => client.GetTargetedSummaryAsync(asOf: "2022-01-01", cancellationToken: TestContext.Current.CancellationToken));
        tooEarly.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        tooEarly.Content!.ShouldContain("as of 2022-09-30 and later");
        var notADate = await Should.ThrowAsync<ApiException>(() => client.GetTargetedSummaryAsync(asOf: "30/09/2022", cancellationToken: TestContext.Current.CancellationToken));
        notADate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        notADate.Content!.ShouldContain("yyyy-mm-dd");

        // CSV: one header row, the national row, one row per province; withheld counts are empty cells.
        var csv = (await client.GetTargetedSummaryCsvAsync(asOf: "2022-09-30", cancellationToken: TestContext.Current.CancellationToken))
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csv.Length.ShouldBe(1 + 1 + 3);
        csv[0].ShouldBe("ruleset,asOf,area,code,registrants,holders,eligible,ineligible,unknown,ineligibleByCriterion.INCOME,inclusionErrors,exclusionErrors,staleEvidenceShare,suppressed");
        csv[2].ShouldStartWith("round-2022,2022-09-30,province,10,40,");
        csv[2].Split(',')[6].ShouldBe("");
        csv[2].Split(',')[^1].ShouldContain("eligible;ineligible");

        using var http = first.CreateClient(Roles.Analyst);
        var xml = new HttpRequestMessage(HttpMethod.Get, "/api/targeted/summary");
        xml.Headers.Accept.ParseAdd("application/xml");
        var notAcceptable = await http.SendAsync(xml, TestContext.Current.CancellationToken);
        notAcceptable.StatusCode.ShouldBe(HttpStatusCode.NotAcceptable);
        notAcceptable.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Rebuild_re_derives_targeted_from_kept_snapshots_and_needs_the_steward()
    {
        await using var stream = await StreamWatcher.OpenAsync(Client(first, Roles.Analyst));
        await PublishAsync(Determinations(new DateOnly(2022, 9, 30), Computed, Province("10", 30, 30, 0, 15), Province("50", 30, 30, 0, 15)));
        await stream.NextAsync("targeted", TimeSpan.FromSeconds(60));
        var before = await Client(first, Roles.Analyst).GetTargetedSummaryAsync(cancellationToken: TestContext.Current.CancellationToken);

        var denied = await Should.ThrowAsync<ApiException>(() => Client(first, Roles.Analyst).RebuildAsync("targeted", TestContext.Current.CancellationToken));
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var steward = Client(first, Roles.Steward);
        (await steward.RebuildAsync("targeted", TestContext.Current.CancellationToken)).Rows.ShouldBe(2);
        await stream.NextAsync("targeted", TimeSpan.FromSeconds(30));
        (await Client(second, Roles.Analyst).GetTargetedSummaryAsync(cancellationToken: TestContext.Current.CancellationToken)).ShouldBeEquivalentTo(before);

        (await Should.ThrowAsync<ApiException>(() => steward.RebuildAsync("freshness", TestContext.Current.CancellationToken))).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await Should.ThrowAsync<ApiException>(() => steward.RebuildAsync("nothing", TestContext.Current.CancellationToken))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static IDashboardApiClient Client(ServiceHost<DashboardApiApp> host, string role) => DashboardApiClientExtensions.Create(host.CreateClient(role));

    private Task PublishAsync<T>(T message) where T : class =>
        first.Services.GetRequiredService<IBus>().Publish(message, TestContext.Current.CancellationToken);

    private static ProvinceDeterminations Province(string code, int eligible, int ineligible, int unknown, int? stale) => new()
    {
        ProvinceCode = code,
        Registrants = eligible + ineligible + unknown,
        Holders = eligible,
        Eligible = eligible,
        Ineligible = ineligible,
        Unknown = unknown,
        IneligibleByCriterion = new Dictionary<string, int> { ["INCOME"] = ineligible },
        InclusionErrors = 0,
        ExclusionErrors = 0,
        StaleEvidence = stale,
    };

    private static DeterminationsChanged Determinations(DateOnly asOf, DateTimeOffset computedAt, params ProvinceDeterminations[] provinces) => new()
    {
        EventId = Guid.NewGuid(),
        CorrelationId = Guid.NewGuid(),
        EvaluationId = Guid.NewGuid(),
        RulesetId = "round-2022",
        RulesetVersion = 1,
        Trigger = "full",
        AsOf = asOf,
        EvaluationDate = asOf,
        Evaluated = provinces.Sum(p => p.Registrants),
        Changed = 0,
        NewInclusionErrors = 0,
        NewExclusionErrors = 0,
        ChangeSetBlob = $"determination-changes/round-2022/{Guid.NewGuid()}.jsonl",
        Provinces = provinces,
        ComputedAt = computedAt,
    };
}
