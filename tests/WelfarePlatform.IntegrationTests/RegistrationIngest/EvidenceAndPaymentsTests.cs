using Shouldly;
using WelfarePlatform.ServiceDefaults.Identity;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>Evidence and payments files load with their rules, keys, change sets and events.</summary>
public sealed class EvidenceAndPaymentsTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private const string AsOf = "2022-09-30";
    private static readonly string Unknown = RegistrationCsv.NationalId(99);
    private readonly PidHasher pids = new(System.Text.Encoding.UTF8.GetBytes(TestPlatform.PidKey));
    private ServiceHost<RegistrationIngestApp> host = null!;
    private IngestClient ingest = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, $"ingest_ep_{Guid.NewGuid():N}"[..20], "registrydb");
        host = new(settings);
        ingest = new IngestClient(host.CreateClient(Roles.Ingest), settings);
        // Persons 1 and 2 in Bangkok, 3 in Chiang Mai.
        await ingest.CompletedAsync("registrations", "bank", AsOf, new RegistrationCsv().Person(1, "10").Person(2, "10").Person(3, "50").ToString());
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Evidence_rows_follow_their_rules_and_key_and_become_a_pseudonymous_change_set()
    {
        string Id(int serial) => RegistrationCsv.NationalId(serial);
        var csv = string.Join('\n',
            "AS_OF,National_ID,evidence_type,value,extra",
            $"2022-08-31,{Id(1)},annual_income,\"120,000\",x",
            $"31/08/2565,{Id(1)},financial_assets,5000.50,x",
            $"2022-08-31,{Id(1)},annual_income,1,x",           // DUPLICATE_IN_FILE on national_id + evidence_type
            $"2022-08-31,{Id(2)},salary,1,x",                  // BAD_ENUM
            $"2022-08-31,{Id(2)},annual_income,-5,x",          // NEGATIVE_AMOUNT
            $"2022-10-01,{Id(2)},annual_income,5,x",           // FUTURE_DATE
            $"2022-08-31,{Id(2)},credit_card,2,x",             // BAD_ENUM: a flag is 1 or 0
            $"2022-08-31,{Id(2)},credit_card,1,x",
            $"2022-08-31,{Unknown},annual_income,90000,x") + "\n";
        var batchId = await ingest.PostAsync("evidence", "revenue", AsOf, csv);
        var status = await ingest.FinishedAsync(batchId);

        status["status"]!.GetValue<string>().ShouldBe("completed", status.ToJsonString());
        status["rowsRead"]!.GetValue<int>().ShouldBe(9);
        status["rowsAccepted"]!.GetValue<int>().ShouldBe(4);
        status["rejectsByReason"]!.ToJsonString().ShouldBe("""{"BAD_ENUM":2,"DUPLICATE_IN_FILE":1,"FUTURE_DATE":1,"NEGATIVE_AMOUNT":1}""");
        var warnings = status["warnings"]!.AsArray().Select(w => w!.GetValue<string>()).ToList();
        warnings.ShouldContain("Unknown columns ignored: extra");
        warnings.ShouldContain("1 evidence row(s) for national IDs the registry does not hold yet: kept, keyed by national ID.");

        (await ingest.CountAsync("select count(*) from evidence")).ShouldBe(4);
        (await ingest.CountAsync("select count(*) from evidence where national_id = $1 and value = 90000", Unknown)).ShouldBe(1);
        (await ingest.CountAsync("select count(*) from evidence_history")).ShouldBe(4);

        var (completed, lines) = await ingest.ChangeSetAsync(batchId);
        completed["kind"]!.GetValue<string>().ShouldBe("evidence");
        completed["changedPersons"]!.GetValue<int>().ShouldBe(4);
        lines.Count.ShouldBe(4);
        lines.ShouldAllBe(l => l["source"]!.GetValue<string>() == "revenue");
        var income = lines.Single(l => l["pid"]!.GetValue<string>() == pids.Hash(Id(1)) && l["evidenceType"]!.GetValue<string>() == "annual_income");
        income["value"]!.GetValue<decimal>().ShouldBe(120_000m);
        lines.Single(l => l["evidenceType"]!.GetValue<string>() == "financial_assets")["asOf"]!.GetValue<string>().ShouldBe("2022-08-31");
        lines.ShouldContain(l => l["pid"]!.GetValue<string>() == pids.Hash(Unknown));
        string.Concat(lines.Select(l => l.ToJsonString())).ShouldNotContain(Id(1));

        // A second source disagreeing on a fact: both kept, the conflict counted for the pair.
        await ingest.CompletedAsync("evidence", "bank-assets", AsOf, $"national_id,evidence_type,value,as_of\n{Id(1)},financial_assets,7000,2022-08-31\n{Id(1)},annual_income,120000,2022-08-31\n");
        (await ingest.CountAsync("select count(*) from evidence where national_id = $1 and evidence_type = 'financial_assets'", Id(1))).ShouldBe(2);
        using var steward = host.CreateClient(Roles.Steward);
        var conflicts = await steward.GetStringAsync("/api/sources/conflicts");
        conflicts.ShouldBe("""[{"sourceA":"bank-assets","sourceB":"revenue","evidenceType":"financial_assets","conflicts":1,"kind":"evidence","fact":"financial_assets"}]""");
    }

    [Fact]
    public async Task Payments_become_per_province_day_and_program_deltas_and_unknown_people_are_kept_out_of_them()
    {
        string Id(int serial) => RegistrationCsv.NationalId(serial);
        var csv = string.Join('\n',
            "national_id,paid_on,amount,program",
            $"{Id(1)},2022-09-01,300,monthly-allowance",
            $"{Id(2)},01/09/2565,200.00,monthly-allowance",
            $"{Id(1)},2022-09-01,300,monthly-allowance",      // DUPLICATE_IN_FILE
            $"{Id(1)},2022-09-01,\"1,000\",covid-relief",     // same day, other program: its own key
            $"{Id(3)},2022-09-01,300,monthly-allowance",
            $"{Id(3)},2022-09-15,-1,monthly-allowance",       // NEGATIVE_AMOUNT
            $"{Id(3)},2022-09-15,N/A,monthly-allowance",      // BAD_NUMBER
            $"{Unknown},2022-09-01,300,monthly-allowance") + "\n";
        var batchId = await ingest.PostAsync("payments", "bank", AsOf, csv);
        var status = await ingest.FinishedAsync(batchId);

        status["status"]!.GetValue<string>().ShouldBe("completed", status.ToJsonString());
        status["rowsAccepted"]!.GetValue<int>().ShouldBe(5);
        status["rejectsByReason"]!.ToJsonString().ShouldBe("""{"BAD_NUMBER":1,"DUPLICATE_IN_FILE":1,"NEGATIVE_AMOUNT":1}""");
        status["warnings"]!.AsArray().Select(w => w!.GetValue<string>())
            .ShouldContain("1 payment(s) to national IDs the registry does not hold: kept without a province, not in the province totals.");
        (await ingest.CountAsync("select count(*) from payments")).ShouldBe(5);
        (await ingest.CountAsync("select count(*) from payments where national_id = $1 and province_code is null", Unknown)).ShouldBe(1);

        var (completed, lines) = await ingest.ChangeSetAsync(batchId);
        completed["kind"]!.GetValue<string>().ShouldBe("payments");
        lines.Select(l => l.ToJsonString()).ShouldBe(
        [
            """{"provinceCode":"10","paidOn":"2022-09-01","program":"covid-relief","amount":1000.00,"payments":1}""",
            """{"provinceCode":"10","paidOn":"2022-09-01","program":"monthly-allowance","amount":500.00,"payments":2}""",
            """{"provinceCode":"50","paidOn":"2022-09-01","program":"monthly-allowance","amount":300.00,"payments":1}""",
        ]);

        // A corrected file: one amount changes, one payment is new, the rest are already held.
        var correction = string.Join('\n',
            "national_id,paid_on,amount,program",
            $"{Id(1)},2022-09-01,250,monthly-allowance",
            $"{Id(2)},2022-09-01,200,monthly-allowance",
            $"{Id(3)},2022-09-01,300,monthly-allowance",
            $"{Id(3)},2022-09-15,300,monthly-allowance") + "\n";
        var correctionId = await ingest.PostAsync("payments", "bank", AsOf, correction);
        (await ingest.FinishedAsync(correctionId))["status"]!.GetValue<string>().ShouldBe("completed");
        var (_, deltas) = await ingest.ChangeSetAsync(correctionId);
        deltas.Select(l => l.ToJsonString()).ShouldBe(
        [
            """{"provinceCode":"10","paidOn":"2022-09-01","program":"monthly-allowance","amount":-50.00,"payments":0}""",
            """{"provinceCode":"50","paidOn":"2022-09-15","program":"monthly-allowance","amount":300.00,"payments":1}""",
        ]);
        (await ingest.CountAsync("select count(*) from outbox_messages")).ShouldBe(3);
    }
}
