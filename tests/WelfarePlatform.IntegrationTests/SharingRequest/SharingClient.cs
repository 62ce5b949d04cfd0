using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Security;

namespace WelfarePlatform.IntegrationTests.SharingRequest;

/// <summary>Calls sharing-request's API as one role and returns the JSON, asserting the status code.</summary>
internal sealed class SharingClient(ServiceHost<SharingRequestApp> host)
{
    public static object Request(string activityClass, string datasetId, string[] fields, string? legalBasis = "s24(4)", int retentionDays = 30) => new
    {
        activityClass,
        datasets = new[] { new { datasetId, fields } },
        purpose = "Plan the 2023 outreach of the welfare card in each province",
        legalBasis,
        periodFrom = "2022-09-01",
        periodTo = "2022-12-31",
        retentionDays,
    };

    public async Task<JsonObject> SubmitAsync(object request, HttpStatusCode expected = HttpStatusCode.Created, string? agency = null)
    {
        using var client = agency is null ? host.CreateClient(Roles.Agency) : ForSubject(Roles.Agency, agency);
        return await ReadAsync(await client.PostAsJsonAsync("/api/requests", request), expected);
    }

    public async Task<JsonObject> DecideAsync(Guid requestId, string role, string decision, string? reason = null, HttpStatusCode expected = HttpStatusCode.OK, string? subject = null)
    {
        using var client = subject is null ? host.CreateClient(role) : ForSubject(role, subject);
        return await ReadAsync(await client.PostAsJsonAsync($"/api/requests/{requestId}/decisions", new { decision, reason }), expected);
    }

    public async Task<JsonObject> RevokeAsync(Guid requestId, string role, string reason, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var client = host.CreateClient(role);
        return await ReadAsync(await client.PostAsJsonAsync($"/api/requests/{requestId}/revocation", new { reason }), expected);
    }

    public async Task<JsonNode> GetAsync(string role, string url, HttpStatusCode expected = HttpStatusCode.OK, string? subject = null)
    {
        using var client = subject is null ? host.CreateClient(role) : ForSubject(role, subject);
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return JsonNode.Parse(body)!;
    }

    public async Task<(HttpStatusCode Status, string ContentType, string Body)> GetTextAsync(string role, string url)
    {
        using var client = host.CreateClient(role);
        var response = await client.GetAsync(url);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", await response.Content.ReadAsStringAsync());
    }

    private HttpClient ForSubject(string role, string subject)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServiceDefaults.Security.DevelopmentTokens.Create(TestPlatform.Auth, role, TimeSpan.FromHours(1), subject));
        return client;
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        if (expected != HttpStatusCode.OK && expected != HttpStatusCode.Created)
        {
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        }

        return JsonNode.Parse(body)!.AsObject();
    }
}

internal static class SharingJson
{
    public static Guid Id(this JsonObject request) => request["requestId"]!.GetValue<Guid>();

    public static string State(this JsonObject request) => request["state"]!.GetValue<string>();

    public static IEnumerable<string> FailureCodes(this JsonObject problem) =>
        problem["failures"]!.AsArray().Select(f => f!["code"]!.GetValue<string>());

    public static IEnumerable<string> ToStates(this JsonObject request) =>
        request["transitions"]!.AsArray().Select(t => t!["toState"]!.GetValue<string>());
}
