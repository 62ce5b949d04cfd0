using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shouldly;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.Eligibility;

/// <summary>Evaluations as a steward asks for them: POST /api/evaluations, then its status until it is completed or failed.</summary>
internal static class FullRuns
{
    /// <summary>Queues a full re-evaluation and answers its status URL.</summary>
    public static async Task<string> StartAsync(HttpClient steward, string ruleset = "round-2022", string date = "2022-12-01")
    {
        var accepted = await steward.PostAsJsonAsync("/api/evaluations", new { ruleset, date });
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        return (await accepted.Content.ReadFromJsonAsync<JsonObject>())!["statusUrl"]!.GetValue<string>();
    }

    /// <summary>Waits until the evaluation is completed or failed, and answers its status.</summary>
    public static Task<JsonObject> FinishedAsync(HttpClient steward, string statusUrl, TimeSpan timeout) =>
        TestPlatform.EventuallyAsync(async () =>
        {
            var current = await steward.GetFromJsonAsync<JsonObject>(statusUrl);
            return current!["status"]!.GetValue<string>() is "completed" or "failed" ? current : null;
        }, timeout, $"the evaluation at {statusUrl} to finish");

    /// <summary>Queues a full re-evaluation and answers its status once it is completed or failed.</summary>
    public static async Task<JsonObject> RunAsync(HttpClient steward, TimeSpan timeout, string ruleset = "round-2022", string date = "2022-12-01") =>
        await FinishedAsync(steward, await StartAsync(steward, ruleset, date), timeout);
}
