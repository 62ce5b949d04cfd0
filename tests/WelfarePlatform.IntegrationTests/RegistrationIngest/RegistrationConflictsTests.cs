using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>
/// Two sources disagreeing on a person's registration facts: both versions are kept, and
/// <c>/api/sources/conflicts</c> counts, per source pair and fact, the people whose sources' latest
/// claims differ.
/// </summary>
public sealed class RegistrationConflictsTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private static readonly string P1 = RegistrationCsv.NationalId(1);
    private static readonly string P2 = RegistrationCsv.NationalId(2);
    private static readonly string P3 = RegistrationCsv.NationalId(3);
    private static readonly string P4 = RegistrationCsv.NationalId(4);
    private ServiceHost<RegistrationIngestApp> host = null!;
    private IngestClient ingest = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, $"ingest_rc_{Guid.NewGuid():N}"[..20], "registrydb");
        host = new(settings);
        ingest = new IngestClient(host.CreateClient(Roles.Ingest), settings);
    }

    public async ValueTask DisposeAsync() => await host.DisposeAsync();

    private static string Row(string id, string birthDate, string province, string household, string cardHolder) =>
        $"{id},สมชาย,ใจดี,{birthDate},TH,{province},{household},head,60000,2022-08-01,{cardHolder}";

    private static string File(params string[] rows) => string.Join('\n', [RegistrationCsv.Header, .. rows]) + "\n";

    [Fact]
    public async Task Disagreeing_sources_keep_both_versions_and_are_counted_per_pair_and_fact()
    {
        await ingest.CompletedAsync("registrations", "bank", "2022-08-31", File(
            Row(P1, "1970-01-01", "10", "H1", "1"),
            Row(P2, "1971-01-01", "10", "H2", "0"),
            Row(P3, "1972-01-01", "10", "H3", "0"),
            Row(P4, "1973-01-01", "10", "H4", "0")));
        // The registrar: P1 elsewhere and without a card; P2 confirmed as is; P3 born a year later, in another household.
        var dopa = await ingest.CompletedAsync("registrations", "dopa", "2022-09-30", File(
            Row(P1, "1970-01-01", "50", "H1", "0"),
            Row(P2, "1971-01-01", "10", "H2", "0"),
            Row(P3, "1973-01-01", "10", "H9", "0")));
        // The bank again: P1 as it said before (its claim stands against the registrar's), P2 moved.
        await ingest.CompletedAsync("registrations", "bank", "2022-10-31", File(
            Row(P1, "1970-01-01", "10", "H1", "1"),
            Row(P2, "1971-01-01", "11", "H2", "0"),
            Row(P4, "1973-01-01", "10", "H4", "0")));
        // A third source sides with the registrar on P1.
        await ingest.CompletedAsync("registrations", "moi", "2022-11-30", File(Row(P1, "1970-01-01", "50", "H1", "0")));

        // The registrar's confirmation of P2 changed no fact: not in its change set.
        var (_, dopaChanges) = await ingest.ChangeSetAsync(dopa["batchId"]!.GetValue<Guid>());
        dopaChanges.Count.ShouldBe(2);

        using var steward = host.CreateClient(Roles.Steward);
        var conflicts = (await steward.GetFromJsonAsync<JsonArray>("/api/sources/conflicts"))!
            .Select(c => (c!["sourceA"]!.GetValue<string>(), c["sourceB"]!.GetValue<string>(), c["kind"]!.GetValue<string>(), c["fact"]!.GetValue<string>(),
                c["evidenceType"]?.GetValue<string>(), c["conflicts"]!.GetValue<long>()))
            .ToList();
        conflicts.ShouldBe([
            ("bank", "dopa", "registrations", "birth_date", null, 1L),
            ("bank", "dopa", "registrations", "card_holder", null, 1L),
            ("bank", "dopa", "registrations", "household_id", null, 1L),
            ("bank", "dopa", "registrations", "province_code", null, 2L),
            ("bank", "moi", "registrations", "card_holder", null, 1L),
            ("bank", "moi", "registrations", "province_code", null, 1L),
        ]);

        // Every version of P1 is kept, each with its source; the current record is the latest batch's.
        var p1 = (await steward.GetFromJsonAsync<JsonObject>($"/api/applicants/{P1}"))!;
        p1["record"]!["source"]!.GetValue<string>().ShouldBe("moi");
        p1["history"]!["records"]!.AsArray()
            .Select(v => (v!["source"]!.GetValue<string>(), v["asOf"]!.GetValue<string>(), v["provinceCode"]!.GetValue<string>(), v["cardHolder"]!.GetValue<bool>()))
            .ShouldBe([("bank", "2022-08-31", "10", true), ("dopa", "2022-09-30", "50", false), ("bank", "2022-10-31", "10", true), ("moi", "2022-11-30", "50", false)]);
        // P4 came twice from the bank, unchanged: one version, no conflict.
        (await ingest.CountAsync("select count(*) from applicant_versions where national_id = $1", P4)).ShouldBe(1);
        // What the registry knew on 2022-10-15: the registrar's version.
        var then = (await steward.GetFromJsonAsync<JsonObject>($"/api/applicants/{P1}?asOf=2022-10-15"))!;
        then["record"]!["provinceCode"]!.GetValue<string>().ShouldBe("50");
    }
}
