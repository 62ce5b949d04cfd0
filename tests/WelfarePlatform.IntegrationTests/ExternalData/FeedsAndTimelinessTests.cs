using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.ExternalData;

/// <summary>
/// A recorded DDC-shaped Covid-19 file, a disaster file and two payments batches go into the real
/// external-data service (PostgreSQL, RabbitMQ, Azurite); the timeliness analysis then gives the
/// known answers: Chiang Mai got money 3 days after its Covid-19 onset (1 July 2021), Khon Kaen's
/// flood (declared 10 July) saw no uplift, Songkhla had no crisis.
/// </summary>
public sealed class FeedsAndTimelinessTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private static readonly DateOnly CovidOnset = new(2021, 7, 1);
    private Dictionary<string, string> settings = [];
    private ServiceHost<ExternalDataApp> external = null!;
    private ExternalDb db = null!;

    public async ValueTask InitializeAsync()
    {
        settings = await TestPlatform.SettingsAsync(infrastructure, "external_feeds", "externaldb");
        external = new(settings);
        _ = external.Server;
        db = new ExternalDb(settings["ConnectionStrings:externaldb"]);
    }

    public async ValueTask DisposeAsync()
    {
        await external.DisposeAsync();
        await db.DisposeAsync();
    }

    [Fact]
    public async Task Feeds_and_payments_give_the_known_lags()
    {
        using var ingest = external.CreateClient(Roles.Ingest);

        // The recorded Covid-19 file: 61 days × 3 provinces, and one row the DDC publishes for "unspecified".
        var covid = await PostCovidAsync(ingest, Recorded.Bytes("covid-cases.json"));
        covid["rowsRead"]!.GetValue<int>().ShouldBe(184);
        covid["rowsAccepted"]!.GetValue<int>().ShouldBe(183);
        covid["valuesChanged"]!.GetValue<int>().ShouldBe(366);
        var reject = covid["rejects"]!.AsArray().ShouldHaveSingleItem()!;
        reject["row"]!.GetValue<int>().ShouldBe(46);
        reject["reason"]!.GetValue<string>().ShouldBe("UNKNOWN_PROVINCE");
        reject["detail"]!.GetValue<string>().ShouldContain("ไม่ระบุ");
        (await db.ValueAsync("covid-new-cases", "50", CovidOnset)).ShouldBe(900);

        // One event per changed series, with its provinces and date range, published from the outbox.
        var events = (await db.OutboxBodiesAsync()).Select(b => JsonNode.Parse(b)!).ToList();
        events.Select(e => e["series"]!.GetValue<string>()).ShouldBe(["covid-new-cases", "covid-new-deaths"]);
        events[0]["provinceCodes"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["40", "50", "90"]);
        events[0]["from"]!.GetValue<string>().ShouldBe("2021-06-01");
        events[0]["to"]!.GetValue<string>().ShouldBe("2021-07-31");
        events[0]["valuesChanged"]!.GetValue<int>().ShouldBe(183);
        await TestPlatform.EventuallyAsync(
            async () => await db.CountAsync("select count(*) from outbox_messages where sent_at is null") == 0 ? "sent" : null,
            TimeSpan.FromSeconds(30), "the outbox to publish the series events");

        // The same file again changes nothing and announces nothing.
        (await PostCovidAsync(ingest, Recorded.Bytes("covid-cases.json")))["valuesChanged"]!.GetValue<int>().ShouldBe(0);
        (await db.OutboxBodiesAsync()).Count.ShouldBe(2);

        // The DDC republishes 1 July with a corrected count: the value is replaced, the old one kept.
        var corrected = """[{ "txn_date": "2021-07-01", "province": "เชียงใหม่", "new_case": 950, "new_death": 0 }]""";
        (await PostCovidAsync(ingest, Encoding.UTF8.GetBytes(corrected)))["valuesChanged"]!.GetValue<int>().ShouldBe(1);
        (await db.ValueAsync("covid-new-cases", "50", CovidOnset)).ShouldBe(950);
        (await db.CountAsync("select count(*) from series_value_history where series = 'covid-new-cases' and province_code = '50' and day = $1 and value = 900", CovidOnset)).ShouldBe(1);
        var correction = JsonNode.Parse((await db.OutboxBodiesAsync()).Last())!;
        correction["provinceCodes"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["50"]);
        correction["from"]!.GetValue<string>().ShouldBe("2021-07-01");

        // A consumer of the event reads the range back.
        var values = (await external.CreateClient(Roles.Analyst).GetFromJsonAsync<JsonArray>("/api/series/covid-new-cases/values?from=2021-07-01&to=2021-07-02&provinces=50"))!;
        values.Select(v => (v!["day"]!.GetValue<string>(), v["value"]!.GetValue<decimal>())).ShouldBe([("2021-07-01", 950m), ("2021-07-02", 60m)]);

        // Disasters: Thai name and Buddhist-era date, English name, and an unknown province.
        var disasters = await ingest.PostAsync("/api/feeds/disasters?asOf=2021-07-31",
            new ByteArrayContent(Recorded.Bytes("disasters.csv")) { Headers = { { "Content-Type", "text/csv; charset=utf-8" } } });
        disasters.StatusCode.ShouldBe(HttpStatusCode.OK, await disasters.Content.ReadAsStringAsync());
        var disasterResult = (await disasters.Content.ReadFromJsonAsync<JsonObject>())!;
        disasterResult["rowsAccepted"]!.GetValue<int>().ShouldBe(2);
        disasterResult["rejects"]!.AsArray().ShouldHaveSingleItem()!["row"]!.GetValue<int>().ShouldBe(3);
        (await db.CountAsync("select count(*) from disaster_declarations where province_code = '40' and declared_on = '2021-07-10' and hazard = 'flood'")).ShouldBe(1);

        // Payments from registration-ingest: two change sets (deltas) in Blob storage, one event each.
        var bus = external.Services.GetRequiredService<IBus>();
        var may = await PublishPaymentsAsync(bus, PaymentLines(new DateOnly(2021, 5, 1), new DateOnly(2021, 6, 30)), Guid.NewGuid());
        var julyMessage = Guid.NewGuid();
        var july = await PublishPaymentsAsync(bus, PaymentLines(new DateOnly(2021, 7, 1), new DateOnly(2021, 7, 31)), julyMessage);
        await TestPlatform.EventuallyAsync(
            async () => await db.CountAsync("select count(*) from applied_payment_batches") == 2 ? "applied" : null,
            TimeSpan.FromSeconds(60), "both payments batches to be applied");
        (await db.ValueAsync("payments", "50", CovidOnset.AddDays(3))).ShouldBe(1_100_000);
        (await db.ValueAsync("payments-count", "50", CovidOnset.AddDays(3))).ShouldBe(1_002);

        // The same message again (inbox), and the same batch under a new message id (natural key): no double money.
        await PublishPaymentsAsync(bus, july.Lines, julyMessage, july.BatchId);
        await PublishPaymentsAsync(bus, july.Lines, Guid.NewGuid(), july.BatchId);
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await db.ValueAsync("payments", "50", CovidOnset.AddDays(3))).ShouldBe(1_100_000);
        (await db.CountAsync("select count(*) from inbox_messages")).ShouldBe(3);
        may.BatchId.ShouldNotBe(july.BatchId);

        // The analysis.
        using var analyst = external.CreateClient(Roles.Analyst);
        var report = (await analyst.GetFromJsonAsync<JsonObject>("/api/timeliness/lags?from=2021-06-01&to=2021-07-31"))!;
        var provinces = report["provinces"]!.AsArray().ToDictionary(p => p!["code"]!.GetValue<string>(), p => p!);
        provinces.Count.ShouldBe(77);

        var chiangMai = provinces["50"];
        chiangMai["status"]!.GetValue<string>().ShouldBe("responded");
        chiangMai["onset"]!.GetValue<string>().ShouldBe("2021-07-01");
        chiangMai["onsetCause"]!.GetValue<string>().ShouldBe("covid-cases");
        chiangMai["upliftOn"]!.GetValue<string>().ShouldBe("2021-07-04");
        chiangMai["lagDays"]!.GetValue<int>().ShouldBe(3);
        chiangMai["rank"]!.GetValue<int>().ShouldBe(1);

        var khonKaen = provinces["40"];
        khonKaen["status"]!.GetValue<string>().ShouldBe("no-uplift-yet");
        khonKaen["onset"]!.GetValue<string>().ShouldBe("2021-07-10");
        khonKaen["onsetCause"]!.GetValue<string>().ShouldBe("disaster");
        khonKaen["lagDays"].ShouldBeNull();
        khonKaen["daysSinceOnset"]!.GetValue<int>().ShouldBe(21);
        khonKaen["rank"]!.GetValue<int>().ShouldBe(2);

        var songkhla = provinces["90"];
        songkhla["status"]!.GetValue<string>().ShouldBe("no-crisis");
        songkhla["rank"].ShouldBeNull();

        var national = report["national"]!;
        national["provincesInCrisis"]!.GetValue<int>().ShouldBe(2);
        national["responded"]!.GetValue<int>().ShouldBe(1);
        national["noUpliftYet"]!.GetValue<int>().ShouldBe(1);
        national["noCrisis"]!.GetValue<int>().ShouldBe(75);
        national["medianLagDays"]!.GetValue<decimal>().ShouldBe(3);
        report["personsBasis"]!.GetValue<string>().ShouldBe("population");
    }

    [Fact]
    public async Task Bad_requests_are_problem_details_a_person_can_act_on()
    {
        using var ingest = external.CreateClient(Roles.Ingest);
        var notJson = await ingest.PostAsync("/api/feeds/covid-cases", new StringContent("{ \"oops\": 1 }", Encoding.UTF8, "application/json"));
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        notJson.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await notJson.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("JSON array");

        var noHeader = await ingest.PostAsync("/api/feeds/disasters", new StringContent("province,district\n40,x\n", Encoding.UTF8, "text/csv"));
        noHeader.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noHeader.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("hazard, declared_on");

        var wrongType = await ingest.PostAsync("/api/feeds/covid-cases", new StringContent("a,b", Encoding.UTF8, "text/csv"));
        wrongType.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);

        using var analyst = external.CreateClient(Roles.Analyst);
        var badWindow = await analyst.GetAsync("/api/timeliness/lags?from=2021-08-01&to=2021-07-01");
        badWindow.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badWindow.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("is after 'to'");
        var unknownSeries = await analyst.GetAsync("/api/series/rainfall/values?from=2021-07-01&to=2021-07-31");
        unknownSeries.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknownSeries.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await analyst.GetAsync("/api/series/payments/values?from=2021-07-01&to=2021-07-31&provinces=99")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await analyst.PostAsync("/api/feeds/covid-cases", new StringContent("[]", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Every_external_data_endpoint_needs_a_token_with_its_role()
    {
        using var anonymous = external.CreateClient();
        var document = (await anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(method => (Method: new HttpMethod(method.Key.ToUpperInvariant()), Path: path.Key.Replace("{name}", "payments", StringComparison.Ordinal))))
            .ToList();
        operations.Select(o => o.Path).ShouldContain("/api/timeliness/lags");
        operations.Select(o => o.Path).ShouldContain("/api/feeds/covid-cases");
        using var roleless = external.CreateClient("no-such-role");
        foreach (var (method, path) in operations)
        {
            (await anonymous.SendAsync(new HttpRequestMessage(method, path))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {path}");
            (await roleless.SendAsync(new HttpRequestMessage(method, path))).StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{method} {path}");
        }

        operations.Count.ShouldBeGreaterThanOrEqualTo(6);
    }

    private static async Task<JsonObject> PostCovidAsync(HttpClient client, byte[] json)
    {
        var response = await client.PostAsync("/api/feeds/covid-cases", new ByteArrayContent(json) { Headers = { { "Content-Type", "application/json" } } });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>
    /// Daily payments split over two programs: Chiang Mai 100,000 baht, Khon Kaen 50,000, Songkhla
    /// 80,000; on 4 July Chiang Mai also gets 1,000,000 baht of covid-relief (1,000 payments).
    /// </summary>
    private static List<PaymentTotal> PaymentLines(DateOnly from, DateOnly to)
    {
        var lines = new List<PaymentTotal>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            foreach (var (province, amount) in new[] { ("50", 100_000m), ("40", 50_000m), ("90", 80_000m) })
            {
                lines.Add(new PaymentTotal { ProvinceCode = province, PaidOn = day, Program = "monthly-allowance", Amount = amount * 0.6m, Payments = 1 });
                lines.Add(new PaymentTotal { ProvinceCode = province, PaidOn = day, Program = "disability", Amount = amount * 0.4m, Payments = 1 });
            }

            if (day == CovidOnset.AddDays(3))
            {
                lines.Add(new PaymentTotal { ProvinceCode = "50", PaidOn = day, Program = "covid-relief", Amount = 1_000_000m, Payments = 1_000 });
            }
        }

        return lines;
    }

    private async Task<(Guid BatchId, List<PaymentTotal> Lines)> PublishPaymentsAsync(IBus bus, List<PaymentTotal> lines, Guid messageId, Guid? batchId = null)
    {
        var id = batchId ?? Guid.NewGuid();
        var container = new BlobServiceClient(infrastructure.Azurite.ConnectionString).GetBlobContainerClient("changesets");
        await container.CreateIfNotExistsAsync();
        var jsonLines = string.Join('\n', lines.Select(l => JsonSerializer.Serialize(l, new JsonSerializerOptions(JsonSerializerDefaults.Web))));
        await container.GetBlobClient($"{id}.jsonl").UploadAsync(BinaryData.FromString(jsonLines), overwrite: true);
        await bus.Publish(new RegistryBatchCompleted
        {
            EventId = messageId,
            CorrelationId = Guid.NewGuid(),
            BatchId = id,
            Kind = "payments",
            Source = "bank",
            AsOf = lines.Max(l => l.PaidOn),
            RowsRead = lines.Count,
            RowsAccepted = lines.Count,
            RowsRejected = 0,
            ChangedPersons = lines.Count,
            ChangeSetBlob = $"changesets/{id}.jsonl",
            CompletedAt = DateTimeOffset.UtcNow,
        }, context => context.MessageId = messageId);
        return (id, lines);
    }
}
