using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Parquet;
using Parquet.Schema;
using Shouldly;
using WelfarePlatform.IntegrationTests.RegistrationIngest;
using WelfarePlatform.ServiceDefaults.Identity;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.SharingRequest.Packages;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.SharingRequest;

/// <summary>
/// A3 pseudonymous microdata end to end: DataGen's registrants go through registration-ingest, reach
/// eligibility as determinations, and sharing-request packages both datasets from the owners' real
/// exports (on real sockets, through its Refit clients) as CSV and Parquet in Azurite. Every file of
/// the package is scanned for the registrants' national IDs and names; pids are re-keyed per package.
/// </summary>
public sealed partial class MicrodataPackageTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private const int People = 300;
    // Long enough for the downloads and scans on a loaded machine; the test waits only until the package's own expiry.
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    private static readonly PidHasher PlatformPids = new(Encoding.UTF8.GetBytes(TestPlatform.PidKey));
    private readonly string output = Path.Combine(Path.GetTempPath(), $"sharing-a3-{Guid.NewGuid():N}");
    private ServiceHost<RegistrationIngestApp> ingest = null!;
    private ServiceHost<EligibilityApp> eligibility = null!;
    private ServiceHost<SharingRequestApp> host = null!;
    private SharingClient sharing = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, "sharing_microdata", "registrydb", "eligibilitydb", "sharingdb");
        settings["Eligibility:EvaluationDate"] = "2022-12-01";
        var (ingestPort, eligibilityPort) = (FreePort.Next(), FreePort.Next());
        ingest = new(settings);
        ingest.UseKestrel(ingestPort);
        ingest.StartServer();
        eligibility = new(settings);
        eligibility.UseKestrel(eligibilityPort);
        eligibility.StartServer();
        settings["services:registration-ingest:http:0"] = $"http://127.0.0.1:{ingestPort}";
        settings["services:eligibility:http:0"] = $"http://127.0.0.1:{eligibilityPort}";
        settings["Sharing:PackageLifetime"] = Lifetime.ToString();
        // Small row groups, so the package's Parquet files hold several.
        settings["Sharing:ParquetRowGroupSize"] = "128";
        host = new(settings);
        sharing = new(host);
        await DataGenRunner.RunAsync("registrations", "--people", People.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "5", "--out", output);
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await eligibility.DisposeAsync();
        await ingest.DisposeAsync();
        Directory.Delete(output, recursive: true);
    }

    [Fact]
    public async Task An_A3_package_holds_no_national_id_or_name_and_revocation_and_expiry_cut_it()
    {
        var registrants = await LoadRegistryAsync();

        var request = await sharing.SubmitAsync(A3(
            ("registry.applicants", ["pid", "province_code", "birth_year", "household_pid", "household_size", "card_holder"]),
            ("eligibility.determinations", ["pid", "province_code", "outcome", "failed_criteria"])));
        var id = request.Id();
        using var agency = host.CreateClient(Roles.Agency);
        (await agency.PostAsync($"/api/requests/{id}/package", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict, "not approved yet");
        await sharing.DecideAsync(id, Roles.Steward, "approve");
        (await sharing.DecideAsync(id, Roles.Dpo, "approve")).State().ShouldBe("approved");

        var built = await agency.PostAsync($"/api/requests/{id}/package", null);
        built.StatusCode.ShouldBe(HttpStatusCode.Created, await built.Content.ReadAsStringAsync());
        var manifest = (await built.Content.ReadFromJsonAsync<JsonObject>())!;
        var expiresAt = manifest["expiresAt"]!.GetValue<DateTimeOffset>();
        var files = manifest["files"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();
        files.ShouldBe(["registry.applicants.csv", "registry.applicants.parquet", "eligibility.determinations.csv", "eligibility.determinations.parquet", "dictionary.csv", "agreement.html", "agreement.pdf"]);

        var contents = new Dictionary<string, byte[]>();
        foreach (var file in files)
        {
            var response = await agency.GetAsync($"/api/requests/{id}/package/files/{file}");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, file);
            contents[file] = await response.Content.ReadAsByteArrayAsync();
        }

        // Every file, every cell: no national ID (the registry's, or any 13 digits passing the check digit), no name.
        var scanned = 0;
        var platformPidHalves = registrants.PlatformPids.Select(p => p[..PidRekeyer.Length]).ToHashSet();
        foreach (var (file, bytes) in contents)
        {
            // Parquet is read back cell by cell and the PDF's text extracted: their bytes are compressed.
            var text = Path.GetExtension(file) switch
            {
                ".parquet" => string.Join('\n', await ParquetCellsAsync(bytes)),
                ".pdf" => PdfText(bytes),
                _ => Encoding.UTF8.GetString(bytes),
            };
            var cells = text.Split(',', '\n', '"', '<', '>', ' ');
            foreach (var cell in cells)
            {
                registrants.Names.Contains(cell).ShouldBeFalse($"{file} holds the name '{cell}'");
                registrants.PlatformPids.Contains(cell).ShouldBeFalse($"{file} holds a platform pid, not a re-keyed one");
                platformPidHalves.Contains(cell).ShouldBeFalse($"{file} holds the first half of a platform pid, not a re-keyed pid");
                scanned++;
            }

            foreach (Match run in ThirteenDigits().Matches(text))
            {
                WelfarePlatform.Reference.NationalId.IsValid(run.Value).ShouldBeFalse($"{file} holds a valid national ID");
            }

            registrants.NationalIds.Where(text.Contains).ShouldBeEmpty($"{file} holds a registrant's national ID");
            registrants.FullNames.Where(text.Contains).ShouldBeEmpty($"{file} holds a registrant's full name");
        }

        scanned.ShouldBeGreaterThan(People * 10);

        // The rows are all there, CSV and Parquet agree, and the two datasets join on the package's own pids.
        var applicants = CsvRows(contents["registry.applicants.csv"]);
        var determinations = CsvRows(contents["eligibility.determinations.csv"]);
        applicants.Count.ShouldBe(People);
        determinations.Count.ShouldBe(People * 3, "one row per person for each of the three rulesets");
        (await ParquetRowCountAsync(contents["registry.applicants.parquet"])).ShouldBe((People, (People + 127) / 128));
        (await ParquetRowCountAsync(contents["eligibility.determinations.parquet"])).Rows.ShouldBe(People * 3);
        (await ParquetRowsAsync(contents["registry.applicants.parquet"])).ShouldBe(applicants.Select(Normalized), "CSV and Parquet hold the same rows, cell for cell");
        (await ParquetRowsAsync(contents["eligibility.determinations.parquet"])).ShouldBe(determinations.Select(Normalized), "CSV and Parquet hold the same rows, cell for cell");
        determinations.Select(r => r[0]).ToHashSet().SetEquals(applicants.Select(r => r[0])).ShouldBeTrue();
        applicants.ShouldAllBe(r => PackagePid().IsMatch(r[0]) && PackagePid().IsMatch(r[3]));
        Encoding.UTF8.GetString(contents["dictionary.csv"]).ShouldContain($"registry.applicants,household_pid,char({PidRekeyer.Length}),");
        applicants.Select(r => r[3]).Distinct().Count().ShouldBe(registrants.Households);

        // Another agency's package of the same data carries other pids: the two cannot be joined.
        var other = await sharing.SubmitAsync(A3(("registry.applicants", ["pid", "province_code"])), agency: "agency-2");
        await sharing.DecideAsync(other.Id(), Roles.Steward, "approve");
        await sharing.DecideAsync(other.Id(), Roles.Dpo, "approve");
        using var agency2 = ForSubject(Roles.Agency, "agency-2");
        (await agency2.PostAsync($"/api/requests/{other.Id()}/package", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var otherPids = CsvRows(await agency2.GetByteArrayAsync($"/api/requests/{other.Id()}/package/files/registry.applicants.csv")).Select(r => r[0]).ToHashSet();
        otherPids.Count.ShouldBe(People);
        otherPids.Overlaps(applicants.Select(r => r[0])).ShouldBeFalse();

        // Expiry cuts access; a rebuild stands again with the same pids; revocation cuts it for good.
        var untilExpiry = expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        untilExpiry.ShouldBeGreaterThan(TimeSpan.Zero, "the checks above ran within the package's lifetime");
        await Task.Delay(untilExpiry);
        (await agency.GetAsync($"/api/requests/{id}/package/files/registry.applicants.parquet")).StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await agency.PostAsync($"/api/requests/{id}/package", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        CsvRows(await agency.GetByteArrayAsync($"/api/requests/{id}/package/files/registry.applicants.csv")).Select(r => r[0]).ToHashSet()
            .SetEquals(applicants.Select(r => r[0])).ShouldBeTrue();
        await sharing.RevokeAsync(id, Roles.Dpo, "The research project ended");
        (await agency.GetAsync($"/api/requests/{id}/package/files/registry.applicants.parquet")).StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await agency.PostAsync($"/api/requests/{id}/package", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var trail = (await sharing.GetAsync(Roles.Dpo, $"/api/audit?request={id}")).AsArray().Select(r => r!["action"]!.GetValue<string>()).ToList();
        trail.Count(a => a == "package.built").ShouldBe(2);
        trail.Count(a => a == "package.downloaded").ShouldBe(files.Count + 1);
        (await sharing.GetAsync(Roles.Dpo, "/api/audit/verify"))["valid"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task The_exports_release_no_identifier_and_refuse_fields_they_do_not_hold()
    {
        var registrants = await LoadRegistryAsync();
        using var ingestClient = ingest.CreateClient(Roles.Sharing);
        var export = await ingestClient.GetStringAsync("/api/exports/registrants");
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("pid,province_code,birth_year,relationship,household_pid,household_size,declared_income,card_holder");
        lines.Length.ShouldBe(People + 1);
        registrants.NationalIds.Where(export.Contains).ShouldBeEmpty();
        registrants.FullNames.Where(export.Contains).ShouldBeEmpty();
        lines.Skip(1).Select(l => l.Split(',')[0]).ToHashSet().SetEquals(registrants.PlatformPids).ShouldBeTrue("the registry's pids, unchanged by the owner");

        var refused = await ingestClient.GetAsync("/api/exports/registrants?fields=pid,national_id");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("'national_id'");
        using var steward = ingest.CreateClient(Roles.Steward);
        (await steward.GetAsync("/api/exports/registrants")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var eligibilityClient = eligibility.CreateClient(Roles.Sharing);
        var determinations = await eligibilityClient.GetStringAsync("/api/exports/determinations?ruleset=round-2022&fields=outcome,pid");
        var rows = determinations.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldBe("outcome,pid");
        rows.Length.ShouldBe(People + 1);
        (await eligibilityClient.GetAsync("/api/exports/determinations?ruleset=round-1999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await eligibilityClient.GetAsync("/api/exports/determinations?fields=name")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Identified_fields_and_verifications_are_never_packaged()
    {
        var a4 = await sharing.SubmitAsync(SharingClient.Request("A4", "registry.applicants", ["national_id", "first_name", "card_holder"], "s24(4)"));
        await sharing.DecideAsync(a4.Id(), Roles.Steward, "approve", subject: "steward-1");
        await sharing.DecideAsync(a4.Id(), Roles.Approver, "approve", subject: "approver-1");
        (await sharing.DecideAsync(a4.Id(), Roles.Dpo, "approve", subject: "dpo-1")).State().ShouldBe("approved");
        using var agency = host.CreateClient(Roles.Agency);
        var refused = await agency.PostAsync($"/api/requests/{a4.Id()}/package", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("never releases national_id, first_name");

        var a2 = await sharing.SubmitAsync(SharingClient.Request("A2", "registry.applicants", ["card_holder"]));
        var verification = await agency.PostAsync($"/api/requests/{a2.Id()}/package", null);
        verification.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await verification.Content.ReadAsStringAsync()).ShouldContain("yes or no");
    }

    /// <summary>Posts DataGen's registrations to ingest and waits until eligibility holds a determination per person and ruleset.</summary>
    private async Task<Registry> LoadRegistryAsync()
    {
        var file = Path.Combine(output, "registrations.csv");
        using var client = ingest.CreateClient(Roles.Ingest);
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
        content.Headers.ContentType = new("text/csv");
        var accepted = await client.PostAsync("/api/batches/registrations?source=ktb&asOf=2022-11-30", content);
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());

        using var exports = eligibility.CreateClient(Roles.Sharing);
        await TestPlatform.EventuallyAsync(async () =>
        {
            var rows = (await exports.GetStringAsync("/api/exports/determinations?fields=pid")).Count(c => c == '\n') - 1;
            return rows == People * 3 ? "done" : null;
        }, TimeSpan.FromSeconds(120), "eligibility to determine every registrant under the three rulesets");

        var lines = (await File.ReadAllLinesAsync(file)).Skip(1).Select(l => l.Split(',')).ToList();
        lines.Count.ShouldBe(People);
        return new Registry(
            lines.Select(l => l[0]).ToHashSet(),
            lines.SelectMany(l => new[] { l[1], l[2] }).ToHashSet(),
            lines.Select(l => $"{l[1]} {l[2]}").ToHashSet(),
            lines.Select(l => PlatformPids.Hash(l[0])).ToHashSet(),
            lines.Select(l => l[6]).Distinct().Count());
    }

    private static object A3(params (string DatasetId, string[] Fields)[] datasets) => new
    {
        activityClass = "A3",
        datasets = datasets.Select(d => new { datasetId = d.DatasetId, fields = d.Fields }).ToArray(),
        purpose = "Study how household size relates to eligibility outcomes across provinces",
        legalBasis = "s24(1)",
        periodFrom = "2022-09-01",
        periodTo = "2022-12-31",
        retentionDays = 365,
    };

    private static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Join('\n', document.GetPages().Select(p => p.Text));
        text.ShouldContain("Conditions of use", customMessage: "the PDF agreement's text is readable");
        return text;
    }

    private static List<string[]> CsvRows(byte[] csv) =>
        Encoding.UTF8.GetString(csv).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();

    private static async Task<List<string>> ParquetCellsAsync(byte[] parquet)
    {
        var cells = new List<string>();
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(parquet));
        var fields = reader.Schema.GetDataFields();
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            var count = (int)rowGroup.RowCount;
            foreach (var field in fields)
            {
                cells.AddRange(field.ClrType == typeof(int) ? (await ReadAsync<int>(rowGroup, field, count)).Select(v => $"{v}")
                    : field.ClrType == typeof(bool) ? (await ReadAsync<bool>(rowGroup, field, count)).Select(v => $"{v}")
                    : field.ClrType == typeof(decimal) ? (await ReadAsync<decimal>(rowGroup, field, count)).Select(v => $"{v}")
                    : await ReadStringsAsync(rowGroup, field, count));
            }
        }

        return cells;
    }

    /// <summary>Every Parquet row, in order, as one line of its cells in <see cref="Normalized(string[])"/> form.</summary>
    private static async Task<List<string>> ParquetRowsAsync(byte[] parquet)
    {
        var rows = new List<string>();
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(parquet));
        var fields = reader.Schema.GetDataFields();
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            var count = (int)rowGroup.RowCount;
            var columns = new List<string[]>();
            foreach (var field in fields)
            {
                columns.Add(field.ClrType == typeof(int) ? (await ReadAsync<int>(rowGroup, field, count)).Select(v => v is { } i ? i.ToString(CultureInfo.InvariantCulture) : "").ToArray()
                    : field.ClrType == typeof(bool) ? (await ReadAsync<bool>(rowGroup, field, count)).Select(v => v is { } b ? (b ? "1" : "0") : "").ToArray()
                    : field.ClrType == typeof(decimal) ? (await ReadAsync<decimal>(rowGroup, field, count)).Select(v => v is { } d ? d.ToString(CultureInfo.InvariantCulture) : "").ToArray()
                    : await ReadStringsAsync(rowGroup, field, count));
            }

            rows.AddRange(Enumerable.Range(0, count).Select(i => Normalized(columns.Select(c => c[i]).ToArray())));
        }

        return rows;
    }

    /// <summary>A CSV row with booleans as 1/0 and numbers without trailing zeros, as <see cref="ParquetRowsAsync"/> gives them.</summary>
    private static string Normalized(string[] row) => string.Join(',', row.Select(Normalized));

    private static string Normalized(string cell) => cell switch
    {
        "true" or "t" => "1",
        "false" or "f" => "0",
        _ when decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && cell.Length < 20 => number.ToString("0.############", CultureInfo.InvariantCulture),
        _ => cell,
    };

    private static async Task<(long Rows, int Groups)> ParquetRowCountAsync(byte[] parquet)
    {
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(parquet));
        long rows = 0;
        for (var group = 0; group < reader.RowGroupCount; group++)
        {
            using var rowGroup = reader.OpenRowGroupReader(group);
            rows += rowGroup.RowCount;
        }

        return (rows, reader.RowGroupCount);
    }

    private static async Task<T?[]> ReadAsync<T>(ParquetRowGroupReader rowGroup, DataField field, int count)
        where T : struct
    {
        var values = new T?[count];
        await rowGroup.ReadAsync(field, values.AsMemory());
        return values;
    }

    private static async Task<string[]> ReadStringsAsync(ParquetRowGroupReader rowGroup, DataField field, int count)
    {
        var values = new string?[count];
        await rowGroup.ReadAsync(field, values.AsMemory());
        return values.Select(v => v ?? "").ToArray();
    }

    private HttpClient ForSubject(string role, string subject)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", DevelopmentTokens.Create(TestPlatform.Auth, role, TimeSpan.FromHours(1), subject));
        return client;
    }

    // 13 digits standing alone (not inside a hex pid), as a national ID would be written.
    [GeneratedRegex("(?<![0-9A-Za-z])[0-9]{13}(?![0-9A-Za-z])")]
    private static partial Regex ThirteenDigits();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex PackagePid();

    private sealed record Registry(HashSet<string> NationalIds, HashSet<string> Names, HashSet<string> FullNames, HashSet<string> PlatformPids, int Households);
}
