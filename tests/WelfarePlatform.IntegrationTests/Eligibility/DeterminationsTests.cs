using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using MassTransit;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using WelfarePlatform.Contracts;
using WelfarePlatform.Eligibility.Rulesets;
using WelfarePlatform.Eligibility.Simulations;
using WelfarePlatform.ServiceDefaults.Identity;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.Eligibility;

/// <summary>
/// Registrations go through registration-ingest; then agency evidence that disqualifies some people
/// reaches eligibility as an evidence change set. The DeterminationsChanged event on the broker must
/// name exactly the disqualified card holders as new inclusion errors, explain must say why, and a
/// full re-evaluation must find nothing more to change.
/// </summary>
public sealed class DeterminationsTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private static readonly PidHasher Pids = new(Encoding.UTF8.GetBytes(TestPlatform.PidKey));
    private Dictionary<string, string> settings = [];
    private ServiceHost<RegistrationIngestApp> ingest = null!;
    private ServiceHost<EligibilityApp> eligibility = null!;
    private DeterminationEventsListener events = null!;

    public async ValueTask InitializeAsync()
    {
        settings = await TestPlatform.SettingsAsync(infrastructure, "eligibility_determinations", "registrydb", "eligibilitydb");
        // Evaluate as on a day of the 2022 screening, so the 2022 evidence is fresh.
        settings["Eligibility:EvaluationDate"] = "2022-12-01";
        events = await DeterminationEventsListener.StartAsync(settings["ConnectionStrings:messaging"]);
        ingest = new(settings);
        eligibility = new(settings);
        _ = eligibility.Server;
    }

    public async ValueTask DisposeAsync()
    {
        await ingest.DisposeAsync();
        await eligibility.DisposeAsync();
        await events.DisposeAsync();
    }

    [Fact]
    public async Task Evidence_that_disqualifies_card_holders_is_reported_as_exactly_those_inclusion_errors()
    {
        // 12 people in Bangkok (holders 1-6), 3 in Chiang Mai (holder 13); each their own household.
        var csv = new RegistrationCsv();
        for (var i = 1; i <= 12; i++)
        {
            csv.Person(i, "10", cardHolder: i <= 6);
        }

        for (var i = 13; i <= 15; i++)
        {
            csv.Person(i, "50", cardHolder: i == 13);
        }

        using var ingestClient = ingest.CreateClient(Roles.Ingest);
        var posted = await ingestClient.PostAsync("/api/batches/registrations?source=bank&asOf=2022-09-30", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        posted.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        // Without agency evidence nobody can be decided yet under round-2022.
        var registered = await events.WaitForAsync(e => Is(e, "round-2022", "changeset"), "round-2022 determinations after the registrations");
        Total(registered, "unknown").ShouldBe(15);
        Total(registered, "inclusionErrors").ShouldBe(0);
        await CompactRowsAgreeAsync("after the registrations change set");

        var evidenceBatch = Guid.CreateVersion7();
        var lines = new List<EvidenceChange>();
        for (var i = 1; i <= 15; i++)
        {
            // Holder 6 has exactly the limit: at most 100,000 passes.
            lines.Add(Evidence(i, "financial_assets", i == 6 ? 100_000 : 20_000, "banks"));
            lines.Add(Evidence(i, "state_employee", 0, "comptroller"));
        }

        lines.Add(Evidence(2, "annual_income", 150_000, "revenue"));   // holder: inclusion error
        lines.Add(Evidence(4, "annual_income", 100_001, "revenue"));   // holder, one baht over: inclusion error
        lines.Add(Evidence(13, "credit_card", 1, "banks"));            // holder: inclusion error
        lines.Add(Evidence(8, "car_loan", 2_000_000, "banks"));        // not a holder: ineligible, not an inclusion error
        await PublishEvidenceAsync(evidenceBatch, lines);

        var evaluated = await events.WaitForAsync(e => Is(e, "round-2022", "changeset") && e["sourceBatchId"]?.GetValue<Guid>() == evidenceBatch,
            "round-2022 determinations after the evidence");
        evaluated["newInclusionErrors"]!.GetValue<int>().ShouldBe(3);
        evaluated["evaluated"]!.GetValue<int>().ShouldBe(15);
        var changes = await ReadChangeSetAsync(evaluated["changeSetBlob"]!.GetValue<string>());
        changes.Count.ShouldBe(15);
        changes.Where(c => c.InclusionError).Select(c => c.Pid).ShouldBe(new[] { Pid(2), Pid(4), Pid(13) }.Order(StringComparer.Ordinal), ignoreOrder: true);
        changes.Single(c => c.Pid == Pid(8)).FailedCriteria.ShouldBe(["CAR_LOAN"]);
        changes.Single(c => c.Pid == Pid(8)).InclusionError.ShouldBeFalse();
        changes.Where(c => c.ExclusionError).Count().ShouldBe(7); // eligible non-holders: 7, 9-12, 14, 15

        var bangkok = Province(evaluated, "10");
        (Count(bangkok, "eligible"), Count(bangkok, "ineligible"), Count(bangkok, "unknown")).ShouldBe((9, 3, 0));
        (Count(bangkok, "inclusionErrors"), Count(bangkok, "exclusionErrors")).ShouldBe((2, 5));
        bangkok["ineligibleByCriterion"]!["INCOME"]!.GetValue<int>().ShouldBe(2);
        bangkok["ineligibleByCriterion"]!["HOUSEHOLD_INCOME"]!.GetValue<int>().ShouldBe(2);
        bangkok["ineligibleByCriterion"]!["CAR_LOAN"]!.GetValue<int>().ShouldBe(1);
        var chiangMai = Province(evaluated, "50");
        (Count(chiangMai, "inclusionErrors"), Count(chiangMai, "exclusionErrors")).ShouldBe((1, 2));
        chiangMai["ineligibleByCriterion"]!["CREDIT_CARD"]!.GetValue<int>().ShouldBe(1);
        await CompactRowsAgreeAsync("after the evidence change set");

        await ExplainAsync();
        await FullReevaluationChangesNothingAsync();
        await CompactRowsAgreeAsync("after a full run that changed nothing");
        await WhatIfAsync();
        await CompactRowsFollowAFullRunThatChangesADeterminationAsync();
    }

    /// <summary>Every ruleset's determinations carry compact columns that agree with their verdicts and values.</summary>
    private async Task CompactRowsAgreeAsync(string when)
    {
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:eligibilitydb"]);
        var determinations = 0;
        foreach (var ruleset in await eligibility.Services.GetRequiredService<RulesetStore>().ListAsync())
        {
            determinations += await CompactColumnsCheck.AgreesWithDeterminationsAsync(dataSource, ruleset, when);
        }

        determinations.ShouldBeGreaterThan(0, when);
    }

    private async Task CompactRowsFollowAFullRunThatChangesADeterminationAsync()
    {
        var runner = eligibility.Services.GetRequiredService<SimulationRunner>();
        var rulesets = eligibility.Services.GetRequiredService<RulesetStore>();
        var round2022 = (await rulesets.FindAsync("round-2022"))!;
        async Task WhatIfsMatchThePreviousStatementAsync()
        {
            var date = new DateOnly(2022, 12, 1);
            await CompactColumnsCheck.WhatIfMatchesThePreviousStatementAsync(runner, round2022, date, new() { ["max_income"] = 150_000, ["max_household_income_per_member"] = 150_000 });
            await CompactColumnsCheck.WhatIfMatchesThePreviousStatementAsync(runner, round2022, date, new() { ["max_financial_assets"] = 99_999, ["min_age"] = 60 });
            await CompactColumnsCheck.WhatIfMatchesThePreviousStatementAsync(runner, round2022, date, new() { ["max_car_loan"] = null, ["monthly_benefit_low_income_below"] = 200_000 });
            await CompactColumnsCheck.WhatIfMatchesThePreviousStatementAsync(runner, (await rulesets.FindAsync("round-2017"))!, date, new() { ["max_income"] = 50_000 });
        }

        await WhatIfsMatchThePreviousStatementAsync();

        // Holder 1's financial assets change outside a change set: only a full run re-decides them.
        await using var dataSource = NpgsqlDataSource.Create(settings["ConnectionStrings:eligibilitydb"]);
        await using (var update = dataSource.CreateCommand("update person_evidence set value = 200000 where pid = $1 and evidence_type = 'financial_assets'"))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = Pid(1) });
            (await update.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        using var steward = eligibility.CreateClient(Roles.Steward);
        var status = await FullRuns.RunAsync(steward, TimeSpan.FromSeconds(60));
        status["status"]!.GetValue<string>().ShouldBe("completed", status.ToJsonString());
        status["changed"]!.GetValue<int>().ShouldBe(1);
        await CompactRowsAgreeAsync("after a full run that changed holder 1");
        await using (var state = dataSource.CreateCommand("select state from determinations where ruleset_id = 'round-2022' and pid = $1"))
        {
            state.Parameters.Add(new NpgsqlParameter { Value = Pid(1) });
            var (outcome, passed) = CompactDetermination.Decode((long)(await state.ExecuteScalarAsync())!, round2022.Criteria.Count);
            outcome.ShouldBe("ineligible");
            passed[round2022.Criteria.ToList().FindIndex(c => c.Id == "FINANCIAL_ASSETS")].ShouldBe(false);
        }

        await WhatIfsMatchThePreviousStatementAsync();

        // Migration 0014's fill from the verdicts, outcome and values gives the columns the evaluations wrote.
        const string Compact = "select string_agg(pid || ' ' || state || ' ' || array[v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16]::text, ';' order by pid) from determinations where ruleset_id = 'round-2022'";
        async Task<string> CompactColumnsAsync()
        {
            await using var select = dataSource.CreateCommand(Compact);
            return (string)(await select.ExecuteScalarAsync())!;
        }

        var written = await CompactColumnsAsync();
        await using (var refresh = dataSource.CreateCommand("select determinations_compact_refresh('round-2022')"))
        {
            ((long)(await refresh.ExecuteScalarAsync())!).ShouldBe(15);
        }

        (await CompactColumnsAsync()).ShouldBe(written);
        await WhatIfsMatchThePreviousStatementAsync();
    }

    private async Task WhatIfAsync()
    {
        using var steward = eligibility.CreateClient(Roles.Steward);
        var response = await steward.PostAsJsonAsync("/api/simulations", new
        {
            ruleset = "round-2022",
            date = "2022-12-01",
            overrides = new Dictionary<string, decimal> { ["max_income"] = 150_000, ["max_household_income_per_member"] = 150_000 },
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var simulation = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var national = simulation["national"]!;
        national["population"]!.GetValue<int>().ShouldBe(15);
        (national["eligibleBefore"]!.GetValue<int>(), national["eligibleAfter"]!.GetValue<int>()).ShouldBe((11, 13));
        (national["becomeEligible"]!.GetValue<int>(), national["becomeIneligible"]!.GetValue<int>()).ShouldBe((2, 0));
        // Everyone's income is at least 30,000 baht a year: 200 baht a month each.
        national["monthlyCostBefore"]!.GetValue<decimal>().ShouldBe(2_200m);
        national["monthlyCostChange"]!.GetValue<decimal>().ShouldBe(400m);
        national["byCriterion"]!["INCOME"]!["noLongerFailing"]!.GetValue<int>().ShouldBe(2);
        national["byCriterion"]!["CAR_LOAN"]!["noLongerFailing"]!.GetValue<int>().ShouldBe(0);
        var bangkok = simulation["provinces"]!.AsArray().Single(p => p!["code"]!.GetValue<string>() == "10")!;
        bangkok["becomeEligible"]!.GetValue<int>().ShouldBe(2);

        var lower = await steward.PostAsJsonAsync("/api/simulations", new { ruleset = "round-2022", date = "2022-12-01", overrides = new { max_financial_assets = 99_999 } });
        var lowered = (await lower.Content.ReadFromJsonAsync<JsonObject>())!["national"]!;
        lowered["becomeIneligible"]!.GetValue<int>().ShouldBe(1); // holder 6, at exactly 100,000
        lowered["byCriterion"]!["FINANCIAL_ASSETS"]!["newlyFailing"]!.GetValue<int>().ShouldBe(1);

        var unknownParameter = await steward.PostAsJsonAsync("/api/simulations", new { ruleset = "round-2022", overrides = new { max_incme = 1 } });
        unknownParameter.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknownParameter.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("max_incme");
    }

    private async Task ExplainAsync()
    {
        using var steward = eligibility.CreateClient(Roles.Steward);
        var answer = (await steward.GetFromJsonAsync<JsonObject>($"/api/determinations/{RegistrationCsv.NationalId(4)}?ruleset=round-2022"))!;
        answer["ruleset"]!.GetValue<string>().ShouldBe("round-2022");
        answer["outcome"]!.GetValue<string>().ShouldBe("ineligible");
        var criteria = answer["criteria"]!.AsArray();
        criteria.Select(c => c!["id"]!.GetValue<string>()).ShouldBe(
            ["NATIONALITY", "AGE", "NOT_STATE_EMPLOYEE", "ALIVE", "INCOME", "HOUSEHOLD_INCOME", "FINANCIAL_ASSETS", "HOME_LOAN", "CAR_LOAN", "CREDIT_CARD", "LAND_RESIDENTIAL"]);
        var income = criteria.Single(c => c!["id"]!.GetValue<string>() == "INCOME")!;
        income["passed"]!.GetValue<bool>().ShouldBeFalse();
        income["value"]!.GetValue<decimal>().ShouldBe(100_001m);
        income["limit"]!.GetValue<decimal>().ShouldBe(100_000m);
        income["source"]!.GetValue<string>().ShouldBe("revenue");
        income["asOf"]!.GetValue<string>().ShouldBe("2022-08-31");
        income["stale"]!.GetValue<bool>().ShouldBeFalse();
        income["reasonEn"]!.GetValue<string>().ShouldContain("is over the limit 100,000");
        income["reasonTh"]!.GetValue<string>().ShouldContain("เกินเกณฑ์");

        var unknown = await steward.GetAsync($"/api/determinations/{RegistrationCsv.NationalId(99)}?ruleset=round-2022");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var malformed = await steward.GetAsync("/api/determinations/1234?ruleset=round-2022");
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var analyst = eligibility.CreateClient(Roles.Analyst);
        (await analyst.GetAsync($"/api/determinations/{RegistrationCsv.NationalId(4)}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Both reads are in the audit chain, which verifies.
        var verification = (await steward.GetFromJsonAsync<JsonObject>("/api/audit/explain/verify"))!;
        verification["intact"]!.GetValue<bool>().ShouldBeTrue();
        verification["rowsChecked"]!.GetValue<int>().ShouldBe(2);
    }

    private async Task FullReevaluationChangesNothingAsync()
    {
        using var steward = eligibility.CreateClient(Roles.Steward);
        var rulesets = (await steward.GetFromJsonAsync<JsonArray>("/api/rulesets"))!;
        rulesets.Select(r => r!["id"]!.GetValue<string>()).ShouldBe(["round-2017", "round-2018", "round-2022"]);

        var status = await FullRuns.RunAsync(steward, TimeSpan.FromSeconds(60));
        status["status"]!.GetValue<string>().ShouldBe("completed", status.ToJsonString());
        status["personsEvaluated"]!.GetValue<int>().ShouldBe(15);
        status["householdsDone"]!.GetValue<int>().ShouldBe(15);
        status["step"]!.GetValue<string>().ShouldBe("completed");
        status["changed"]!.GetValue<int>().ShouldBe(0);

        var full = await events.WaitForAsync(e => Is(e, "round-2022", "full"), "the full re-evaluation's event");
        full["newInclusionErrors"]!.GetValue<int>().ShouldBe(0);
        Total(full, "inclusionErrors").ShouldBe(3);

        var unknownRuleset = await steward.PostAsJsonAsync("/api/evaluations", new { ruleset = "round-1999" });
        unknownRuleset.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task PublishEvidenceAsync(Guid batchId, IReadOnlyList<EvidenceChange> lines)
    {
        var container = eligibility.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient("test-evidence");
        await container.CreateIfNotExistsAsync();
        var jsonLines = string.Join('\n', lines.Select(l => JsonSerializer.Serialize(l, JsonSerializerOptions.Web)));
        await container.GetBlobClient($"{batchId}.jsonl").UploadAsync(new BinaryData(jsonLines), overwrite: true);
        await eligibility.Services.GetRequiredService<IBus>().Publish(new RegistryBatchCompleted
        {
            EventId = Guid.CreateVersion7(),
            CorrelationId = batchId,
            BatchId = batchId,
            Kind = "evidence",
            Source = "agencies",
            AsOf = new DateOnly(2022, 8, 31),
            RowsRead = lines.Count,
            RowsAccepted = lines.Count,
            RowsRejected = 0,
            ChangedPersons = 15,
            ChangeSetBlob = $"test-evidence/{batchId}.jsonl",
            CompletedAt = DateTimeOffset.UtcNow,
        });
    }

    private async Task<List<DeterminationChange>> ReadChangeSetAsync(string changeSetBlob)
    {
        var separator = changeSetBlob.IndexOf('/', StringComparison.Ordinal);
        var blob = eligibility.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(changeSetBlob[..separator]).GetBlobClient(changeSetBlob[(separator + 1)..]);
        changeSetBlob.ShouldEndWith(".jsonl.gz");
        await using var gzip = new System.IO.Compression.GZipStream((await blob.DownloadStreamingAsync()).Value.Content, System.IO.Compression.CompressionMode.Decompress);
        var text = await new StreamReader(gzip).ReadToEndAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<DeterminationChange>(l, JsonSerializerOptions.Web)!)];
    }

    private static EvidenceChange Evidence(int serial, string type, decimal value, string source) =>
        new() { Pid = Pid(serial), EvidenceType = type, Value = value, AsOf = new DateOnly(2022, 8, 31), Source = source };

    private static string Pid(int serial) => Pids.Hash(RegistrationCsv.NationalId(serial));

    private static bool Is(JsonObject changed, string ruleset, string trigger) =>
        changed["rulesetId"]!.GetValue<string>() == ruleset && changed["trigger"]!.GetValue<string>() == trigger;

    private static JsonNode Province(JsonObject changed, string code) =>
        changed["provinces"]!.AsArray().Single(p => p!["provinceCode"]!.GetValue<string>() == code)!;

    private static int Count(JsonNode province, string name) => province[name]!.GetValue<int>();

    private static int Total(JsonObject changed, string name) => changed["provinces"]!.AsArray().Sum(p => p![name]!.GetValue<int>());
}
