using System.Diagnostics;
using System.Net;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.SharingRequest;

/// <summary>
/// An A1 request's package: sharing-request calls the real dashboard-api (on a real socket) through
/// its Refit client, writes the CSV, dictionary and agreement to Azurite, serves downloads while the
/// request stands and the package has not expired, and audits every build and download.
/// </summary>
public sealed class PackageTests(InfrastructureFixture infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    // Long enough for the checks below on a loaded machine (the build alone took 20 s under load), short enough to wait out.
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(40);
    private ServiceHost<DashboardApiApp> dashboard = null!;
    private ServiceHost<SharingRequestApp> host = null!;
    private SharingClient sharing = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, "sharing_packages", "sharingdb", "dashboarddb");
        var port = FreePort.Next();
        dashboard = new(settings);
        dashboard.UseKestrel(port);
        dashboard.StartServer();
        settings["services:dashboard-api:http:0"] = $"http://127.0.0.1:{port}";
        settings["Sharing:PackageLifetime"] = Lifetime.ToString();
        host = new(settings);
        sharing = new(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        await dashboard.DisposeAsync();
    }

    [Fact]
    public async Task An_A1_request_becomes_a_downloadable_package_that_revocation_and_expiry_cut()
    {
        var clock = Stopwatch.StartNew();
        var request = await sharing.SubmitAsync(SharingClient.Request("A1", "dashboard.targeted", ["province_code", "registrants", "holders", "inclusion_errors"], legalBasis: null));
        var id = request.Id();
        using var agency = host.CreateClient(Roles.Agency);
        var built = await agency.PostAsync($"/api/requests/{id}/package", null);
        built.StatusCode.ShouldBe(HttpStatusCode.Created, await built.Content.ReadAsStringAsync());
        var expiresAt = System.Text.Json.Nodes.JsonNode.Parse(await built.Content.ReadAsStringAsync())!["expiresAt"]!.GetValue<DateTimeOffset>();
        var csv = await agency.GetStringAsync($"/api/requests/{id}/package/files/dashboard.targeted.csv");
        clock.Stop();
        output.WriteLine($"A1: POST /api/requests to a downloaded package in {clock.Elapsed.TotalSeconds:0.000} s");

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("province_code,registrants,holders,inclusion_errors");
        (await agency.GetAsync($"/api/requests/{id}/package/files/dashboard.targeted.parquet")).Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.apache.parquet");
        using var analyst = dashboard.CreateClient(Roles.Analyst);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(await analyst.GetStringAsync("/api/targeted/summary?ruleset=round-2022"))!;
        (lines.Length - 1).ShouldBe(summary["provinces"]!.AsArray().Count);

        var dictionary = await agency.GetStringAsync($"/api/requests/{id}/package/files/dictionary.csv");
        dictionary.ShouldContain("dashboard.targeted,inclusion_errors,int,internal,no");
        (await agency.GetStringAsync($"/api/requests/{id}/package/files/agreement.html")).ShouldContain("ข้อตกลงการแบ่งปันข้อมูล");
        var pdf = await agency.GetAsync($"/api/requests/{id}/agreement.pdf");
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        using (var document = UglyToad.PdfPig.PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync()))
        {
            var text = string.Join('\n', document.GetPages().Select(p => p.Text));
            text.ShouldContain("Definitions");
            text.ShouldContain("Dispute resolution");
            text.ShouldContain("คำนิยาม");
        }

        (await agency.GetAsync($"/api/requests/{id}/package/files/other.csv")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var trail = (await sharing.GetAsync(Roles.Dpo, $"/api/audit?request={id}")).AsArray().Select(r => r!["action"]!.GetValue<string>()).ToList();
        trail.ShouldBe(["request.submitted", "request.approved", "package.built", "package.downloaded", "package.downloaded", "package.downloaded", "package.downloaded"]);

        // Expiry cuts access; building again gives a fresh package while the request stands.
        var untilExpiry = expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        untilExpiry.ShouldBeGreaterThan(TimeSpan.Zero, "the checks above ran within the package's lifetime");
        await Task.Delay(untilExpiry);
        (await agency.GetAsync($"/api/requests/{id}/package/files/dashboard.targeted.csv")).StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await agency.PostAsync($"/api/requests/{id}/package", null)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await agency.GetAsync($"/api/requests/{id}/package/files/dashboard.targeted.csv")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Revocation cuts it at once, and no new package can be built.
        await sharing.RevokeAsync(id, Roles.Steward, "The agency's project was cancelled");
        var gone = await agency.GetAsync($"/api/requests/{id}/package/files/dashboard.targeted.csv");
        gone.StatusCode.ShouldBe(HttpStatusCode.Gone);
        (await gone.Content.ReadAsStringAsync()).ShouldContain("revoked");
        (await agency.PostAsync($"/api/requests/{id}/package", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await sharing.GetAsync(Roles.Dpo, "/api/audit/verify"))["valid"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task A_dataset_without_an_export_yet_is_refused_by_name_not_packaged_half()
    {
        var request = await sharing.SubmitAsync(SharingClient.Request("A5", "external.disasters", ["province_code", "hazard"], legalBasis: null));
        await sharing.DecideAsync(request.Id(), Roles.Steward, "approve");
        using var agency = host.CreateClient(Roles.Agency);
        var response = await agency.PostAsync($"/api/requests/{request.Id()}/package", null);
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("external.disasters has no export");
        (await agency.GetAsync($"/api/requests/{request.Id()}/package")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
