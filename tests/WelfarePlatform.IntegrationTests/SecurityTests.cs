using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests;

/// <summary>
/// Every endpoint of every service, found by walking the services' own OpenAPI descriptions so a
/// new endpoint cannot be forgotten: no token is 401, a token without the endpoint's role is 403,
/// and both answer with problem details.
/// </summary>
public sealed class SecurityTests(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    private readonly List<(string Service, HttpClient Client, IAsyncDisposable Host)> services = [];

    public async ValueTask InitializeAsync()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, "security", "registrydb", "eligibilitydb", "externaldb", "dashboarddb", "sharingdb");
        Add("registration-ingest", new ServiceHost<RegistrationIngestApp>(settings));
        Add("eligibility", new ServiceHost<EligibilityApp>(settings));
        Add("external-data", new ServiceHost<ExternalDataApp>(settings));
        Add("dashboard-api", new ServiceHost<DashboardApiApp>(settings));
        Add("sharing-request", new ServiceHost<SharingRequestApp>(settings));

        void Add<T>(string name, ServiceHost<T> host) where T : class => services.Add((name, host.CreateClient(), host));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, client, host) in services)
        {
            client.Dispose();
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Health_and_the_API_description_are_open_and_healthy()
    {
        foreach (var (service, client, _) in services)
        {
            (await client.GetAsync("/alive")).StatusCode.ShouldBe(HttpStatusCode.OK, service);
            var health = await client.GetAsync("/health");
            health.StatusCode.ShouldBe(HttpStatusCode.OK, $"{service}: {await health.Content.ReadAsStringAsync()}");
            (await client.GetAsync("/openapi/v1.json")).StatusCode.ShouldBe(HttpStatusCode.OK, service);
        }
    }

    [Fact]
    public async Task Every_described_endpoint_refuses_anonymous_callers_and_callers_without_its_role()
    {
        var checkedOperations = 0;
        var roleless = TestPlatform.TokenFor("no-such-role");
        foreach (var (service, client, _) in services)
        {
            foreach (var (method, path) in await OperationsAsync(client))
            {
                var anonymous = await client.SendAsync(new HttpRequestMessage(method, path));
                anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"{service} {method} {path} without a token");
                anonymous.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", $"{service} {method} {path}");

                var wrongRole = new HttpRequestMessage(method, path);
                wrongRole.Headers.Authorization = new AuthenticationHeaderValue("Bearer", roleless);
                var forbidden = await client.SendAsync(wrongRole);
                forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{service} {method} {path} with a token of no platform role");
                checkedOperations++;
            }
        }

        checkedOperations.ShouldBeGreaterThanOrEqualTo(7);
    }

    [Fact]
    public async Task A_caller_with_another_role_is_forbidden()
    {
        var ingest = services.Single(s => s.Service == "registration-ingest").Client;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/batches/registrations?source=bank&asOf=2022-09-05")
        {
            Content = new StringContent(RegistrationCsv.Header + "\n", Encoding.UTF8, "text/csv"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestPlatform.TokenFor(Roles.Analyst));
        (await ingest.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("signed with another key")]
    [InlineData("expired")]
    [InlineData("alg none")]
    [InlineData("another audience")]
    public async Task A_bad_token_is_refused(string flaw)
    {
        var token = flaw switch
        {
            "signed with another key" => DevelopmentTokens.Create(
                TestPlatform.Auth with { SigningKey = AuthOptions.CreateKey("some-other-key-that-is-long-enough-0123456789") }, Roles.Analyst, TimeSpan.FromHours(1)),
            "expired" => DevelopmentTokens.Create(TestPlatform.Auth, Roles.Analyst, TimeSpan.FromMinutes(5), now: DateTime.UtcNow.AddHours(-2)),
            "alg none" => UnsignedToken(),
            "another audience" => DevelopmentTokens.Create(TestPlatform.Auth with { Audience = "another-system" }, Roles.Analyst, TimeSpan.FromHours(1)),
            _ => throw new ArgumentOutOfRangeException(nameof(flaw)),
        };
        var dashboard = services.Single(s => s.Service == "dashboard-api").Client;
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/targeted/summary");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await dashboard.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, flaw);
    }

    [Theory]
    [InlineData("/api/batches/registrations?source=bank&asOf=05-09-2022", "text/csv", HttpStatusCode.BadRequest, "asOf")]
    [InlineData("/api/batches/registrations?asOf=2022-09-05", "text/csv", HttpStatusCode.BadRequest, "source")]
    [InlineData("/api/batches/registrations?source=../etc&asOf=2022-09-05", "text/csv", HttpStatusCode.BadRequest, "source")]
    [InlineData("/api/batches/pets?source=bank&asOf=2022-09-05", "text/csv", HttpStatusCode.NotFound, "registrations, evidence or payments")]
    [InlineData("/api/batches/registrations?source=bank&asOf=2022-09-05", "text/csv; charset=latin1", HttpStatusCode.UnsupportedMediaType, "windows-874")]
    // Routing itself refuses a body that is not text/csv (the endpoint declares it accepts only that).
    [InlineData("/api/batches/registrations?source=bank&asOf=2022-09-05", "application/json", HttpStatusCode.UnsupportedMediaType, null)]
    public async Task A_malformed_upload_gets_problem_details_that_say_what_to_fix(string url, string contentType, HttpStatusCode expected, string? detailMentions)
    {
        var ingest = services.Single(s => s.Service == "registration-ingest").Client;
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent("x"u8.ToArray()) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestPlatform.TokenFor(Roles.Ingest));
        var response = await ingest.SendAsync(request);
        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["status"]!.GetValue<int>().ShouldBe((int)expected);
        if (detailMentions is not null)
        {
            problem["detail"]!.GetValue<string>().ShouldContain(detailMentions);
        }
    }

    [Theory]
    [InlineData("sharing-request", "GET", "/api/requests/null", null, Roles.Agency, "Failed to bind parameter \"Guid requestId\" from \"null\"")]
    [InlineData("sharing-request", "POST", "/api/requests", "{\"activityClass\":", Roles.Agency, "as JSON")]
    [InlineData("external-data", "GET", "/api/timeliness/lags?caseThreshold=many", null, Roles.Analyst, "caseThreshold")]
    [InlineData("eligibility", "POST", "/api/evaluations", "{\"ruleset\":\"round-2022\",\"date\":\"2022-13-45\"}", Roles.Steward, "Path: $.date")]
    public async Task A_value_the_operation_cannot_read_is_a_400_that_names_it(string service, string method, string url, string? json, string role, string detailMentions)
    {
        var client = services.Single(s => s.Service == service).Client;
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestPlatform.TokenFor(role));
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["detail"]!.GetValue<string>().ShouldContain(detailMentions);
    }

    [Fact]
    public async Task An_unknown_batch_is_a_problem_details_404()
    {
        var ingest = services.Single(s => s.Service == "registration-ingest").Client;
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/batches/00000000-0000-0000-0000-000000000000");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestPlatform.TokenFor(Roles.Steward));
        var response = await ingest.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    private static async Task<List<(HttpMethod Method, string Path)>> OperationsAsync(HttpClient client)
    {
        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var operations = new List<(HttpMethod, string)>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var concrete = path;
                foreach (var parameter in operation!["parameters"]?.AsArray() ?? [])
                {
                    if (parameter!["in"]?.GetValue<string>() == "path")
                    {
                        var name = parameter["name"]!.GetValue<string>();
                        concrete = concrete.Replace($"{{{name}}}", WellFormedValue(name, parameter["schema"]), StringComparison.Ordinal);
                    }
                }

                operations.Add((new HttpMethod(method.ToUpperInvariant()), concrete));
            }
        }

        return operations;
    }

    /// <summary>A value the route accepts, so the call reaches authorization instead of a 404.</summary>
    private static string WellFormedValue(string name, JsonNode? schema) => (name, schema?["format"]?.GetValue<string>(), schema?["type"]?.ToJsonString()) switch
    {
        (_, "uuid", _) => Guid.Empty.ToString(),
        (_, _, var type) when type?.Contains("integer", StringComparison.Ordinal) == true => "1",
        ("kind", _, _) => "registrations",
        ("nationalId", _, _) => RegistrationCsv.NationalId(1),
        _ => "x",
    };

    private static string UnsignedToken()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode(
            $$"""{"iss":"{{TestPlatform.Auth.Issuer}}","aud":"{{TestPlatform.Auth.Audience}}","sub":"mallory","role":"analyst","exp":{{expires}}}""");
        return $"{header}.{payload}.";
    }
}
