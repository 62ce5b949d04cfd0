using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;

namespace WelfarePlatform.BrowserTests;

/// <summary>
/// The web dashboard in Debian's headless Chromium against the running platform with the demo
/// data: what the pages show is compared with what the API answers for the same token.
/// </summary>
public sealed partial class DashboardTests(BrowserFixture platform) : IAsyncLifetime
{
    private const float LoadTimeout = 30_000;
    private IBrowserContext context = null!;
    private IPage page = null!;

    public async ValueTask InitializeAsync()
    {
        context = await platform.NewContextAsync();
        page = await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync() => await context.CloseAsync();

    [BrowserFact]
    public async Task The_targeted_map_has_77_tiles_and_the_table_chart_and_figures_are_the_APIs()
    {
        // The read model may still be settling after the seed: compare against an answer that did not
        // change while the page loaded.
        JsonNode summary = null!;
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var before = await GetJsonAsync("/api/targeted/summary");
            await OpenTargetedAsync();
            summary = await GetJsonAsync("/api/targeted/summary");
            if (before.ToJsonString() == summary.ToJsonString())
            {
                break;
            }

            attempt.ShouldBeLessThan(10, "the Targeted summary kept changing while the page loaded");
            await Task.Delay(2000);
        }

        var tiles = page.Locator("[data-testid=tilemap] .tile");
        (await tiles.CountAsync()).ShouldBe(77);
        (await tiles.EvaluateAllAsync<string[]>("ts => [...new Set(ts.map(t => t.dataset.code))]")).Length.ShouldBe(77, "one tile per province");

        // National figures.
        var national = summary["national"]!;
        foreach (var field in new[] { "registrants", "holders", "eligible", "ineligible", "unknown", "inclusionErrors", "exclusionErrors" })
        {
            Number(await page.Locator($".kpis .kpi[data-field={field}] .kpi-value").TextContentAsync())
                .ShouldBe(national[field]?.GetValue<int?>(), $"national {field}");
        }

        // Every province row of the table, every count column; withheld counts show as a dash.
        var provinces = summary["provinces"]!.AsArray();
        (await page.Locator("[data-testid=province-table] tbody tr").CountAsync()).ShouldBe(provinces.Count);
        foreach (var province in provinces)
        {
            var code = province!["code"]!.GetValue<string>();
            var row = page.Locator($"[data-testid=province-table] tbody tr[data-code='{code}']");
            foreach (var field in new[] { "registrants", "holders", "eligible", "ineligible", "unknown" })
            {
                Number(await row.Locator($"td[data-field={field}]").TextContentAsync()).ShouldBe(province[field]?.GetValue<int?>(), $"province {code} {field}");
            }

            // The tile is coloured exactly when both eligible and ineligible are published.
            var coloured = province["eligible"]?.GetValue<int?>() is not null && province["ineligible"]?.GetValue<int?>() is { } ineligible
                && ineligible + province["eligible"]!.GetValue<int>() > 0;
            (await page.Locator($".tile[data-code='{code}']").GetAttributeAsync("data-state")).ShouldBe(coloured ? "value" : (TileWithheld(province) ? "withheld" : "no-data"), $"tile {code}");
        }

        // The failed-criteria chart (SVG) labels each bar with the API's count.
        var criteria = national["ineligibleByCriterion"]!.AsObject();
        var labels = (await page.Locator("[data-testid=criteria-chart] svg text").AllTextContentsAsync()).Select(Number).ToList();
        foreach (var (id, count) in criteria)
        {
            if (count?.GetValue<int?>() is { } value)
            {
                labels.ShouldContain(value, $"criterion {id} bar label");
                Number(await page.Locator($"[data-testid=criteria-table] tr[data-criterion='{id}'] td").TextContentAsync()).ShouldBe(value, $"criterion {id}");
            }
        }

        await platform.ScreenshotAsync(page, "targeted-en");
    }

    [BrowserFact]
    public async Task A_tile_chosen_with_the_keyboard_shows_that_provinces_failed_criteria()
    {
        await OpenTargetedAsync();
        await page.FocusAsync(".tile[data-code='10']");
        await page.Keyboard.PressAsync("ArrowUp");
        var focused = await page.EvaluateAsync<string>("document.activeElement.dataset.code");
        focused.ShouldNotBeNull();
        focused.ShouldNotBe("10", "the arrow key moves to the tile to the north");
        await page.Keyboard.PressAsync("Enter");

        var name = WelfarePlatform.Reference.Provinces.TryGetByCode(focused, out var province) ? province.NameEn : focused;
        await Assertions.Expect(page.Locator("#criteria-title")).ToContainTextAsync(name);
        (await page.Locator($".tile[data-code='{focused}']").GetAttributeAsync("aria-pressed")).ShouldBe("true");
        (await page.Locator($"[data-testid=province-table] tr[data-code='{focused}']").GetAttributeAsync("class")).ShouldBe("selected");
    }

    [BrowserFact]
    public async Task The_language_toggle_switches_every_label_between_English_and_Thai()
    {
        await OpenTargetedAsync();
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("en");
        await Assertions.Expect(page.Locator("nav a[data-route=targeted]")).ToHaveTextAsync("Targeted");
        await Assertions.Expect(page.Locator("#map-title")).ToHaveTextAsync("Ineligible share by province");
        var englishTile = await page.Locator(".tile[data-code='50']").GetAttributeAsync("aria-label");
        englishTile.ShouldNotBeNull();
        englishTile.ShouldStartWith("Chiang Mai");

        await page.ClickAsync("#lang-toggle");

        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("th");
        await Assertions.Expect(page.Locator("nav a[data-route=targeted]")).ToHaveTextAsync("ตรงกลุ่มเป้าหมาย");
        await Assertions.Expect(page.Locator("#map-title")).ToHaveTextAsync("สัดส่วนผู้ไม่ผ่านเกณฑ์รายจังหวัด");
        await Assertions.Expect(page.Locator("[data-testid=province-table] tr[data-code='50'] th")).ToHaveTextAsync("เชียงใหม่");
        (await page.Locator(".tile[data-code='50']").GetAttributeAsync("aria-label") ?? "").ShouldStartWith("เชียงใหม่");
        // No English left in the headings of the page.
        foreach (var heading in await page.Locator("main h1, main h2, nav a, th[scope=col]").AllTextContentsAsync())
        {
            AsciiWord().IsMatch(heading).ShouldBeFalse($"untranslated label: {heading}");
        }

        await platform.ScreenshotAsync(page, "targeted-th");

        // The choice sticks across a reload, and toggles back.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("nav a[data-route=targeted]")).ToHaveTextAsync("ตรงกลุ่มเป้าหมาย");
        await page.ClickAsync("#lang-toggle");
        await Assertions.Expect(page.Locator("nav a[data-route=targeted]")).ToHaveTextAsync("Targeted");
    }

    [BrowserFact]
    public async Task A_live_update_appears_without_a_reload()
    {
        await SkipWhenNotServedAsync("/api/stream", "the stream (contract item 5)");
        await OpenTargetedAsync();
        await Assertions.Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = LoadTimeout });
        await page.EvaluateAsync("window.__sameDocument = 'yes'");
        var before = (await GetJsonAsync("/api/targeted/summary"))["national"]!["registrants"]!.GetValue<int>();
        var refreshesBefore = int.Parse(await page.Locator("#live").GetAttributeAsync("data-live-refreshes") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

        const int added = 25;
        await PostRegistrationsAsync(added);

        // The figure on the page follows the API without a reload.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        int? shown = null, api = null;
        while (DateTime.UtcNow < deadline)
        {
            api = (await GetJsonAsync("/api/targeted/summary"))["national"]!["registrants"]!.GetValue<int>();
            shown = Number(await page.Locator(".kpis .kpi[data-field=registrants] .kpi-value").TextContentAsync());
            if (api >= before + added && shown == api)
            {
                break;
            }

            await Task.Delay(500);
        }

        shown.ShouldBe(api, "the page shows the API's registrant count");
        api.ShouldNotBeNull();
        api.Value.ShouldBeGreaterThanOrEqualTo(before + added, "the new registrants reached the read model");
        (await page.EvaluateAsync<string>("window.__sameDocument")).ShouldBe("yes", "the page was not reloaded");
        int.Parse(await page.Locator("#live").GetAttributeAsync("data-live-refreshes") ?? "0", System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThan(refreshesBefore, "a stream event made the page refetch");
        (await page.Locator("#updated").TextContentAsync() ?? "").ShouldStartWith("Updated ");
        await platform.ScreenshotAsync(page, "targeted-after-live-update");
    }

    [BrowserFact]
    public async Task The_timely_page_shows_the_series_and_the_lags_the_API_returns()
    {
        if (await IsServedAsync("/api/timely/lags"))
        {
            await GetWhenReadyAsync("/api/timely/lags");
        }

        await page.GotoAsync(platform.PageUrl("/timely?code=10&from=2021-03-01&to=2021-12-31", platform.AnalystToken));
        await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync(new() { Timeout = LoadTimeout });
        await page.Locator("main [data-testid=lag-table], main [role=alert]").First.WaitForAsync(new() { Timeout = LoadTimeout });
        await platform.ScreenshotAsync(page, "timely");
        await SkipWhenNotServedAsync("/api/timely/lags", "the timely read model (contract items 2 and 3)");

        var lags = await GetJsonAsync("/api/timely/lags");
        var provinces = lags["provinces"]!.AsArray();
        (await page.Locator("[data-testid=lag-table] tbody tr").CountAsync()).ShouldBe(provinces.Count);
        foreach (var province in provinces)
        {
            var code = province!["code"]!.GetValue<string>();
            Number(await page.Locator($"[data-testid=lag-table] tr[data-code='{code}'] td[data-field=lagDays]").TextContentAsync())
                .ShouldBe(province["lagDays"]?.GetValue<int?>(), $"lag of {code}");
        }

        // Show a province in crisis if there is one: its chart has something to draw.
        var code10 = provinces.FirstOrDefault(p => p!["status"]!.GetValue<string>() != "no-crisis")?["code"]!.GetValue<string>() ?? "10";
        await page.GotoAsync(platform.PageUrl($"/timely?code={code10}&from=2021-03-01&to=2021-12-31", null));
        await page.Locator("[data-testid=series-table]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = LoadTimeout });
        var series = await GetJsonAsync($"/api/timely/provinces/{code10}/series?from=2021-03-01&to=2021-12-31");
        var days = series["days"]!.AsArray();
        (await page.Locator("[data-testid=series-table] tbody tr").CountAsync()).ShouldBe(days.Count);
        foreach (var day in days.Where(d => d!["newCases"] is not null || d!["disasterDeclarations"]!.GetValue<int>() > 0).Take(40))
        {
            var row = page.Locator($"[data-testid=series-table] tr[data-date='{day!["date"]!.GetValue<string>()}']");
            Number(await row.Locator("td[data-field=newCases]").TextContentAsync()).ShouldBe(day["newCases"]?.GetValue<int?>());
            Number(await row.Locator("td[data-field=disasterDeclarations]").TextContentAsync()).ShouldBe(day["disasterDeclarations"]!.GetValue<int>());
        }

        (await page.Locator("[data-testid=series-chart] svg path").CountAsync()).ShouldBeGreaterThan(0, "the chart is drawn");
        await platform.ScreenshotAsync(page, "timely");
    }

    [BrowserFact]
    public async Task The_freshness_page_lists_every_source_the_API_returns()
    {
        if (await IsServedAsync("/api/freshness"))
        {
            await GetWhenReadyAsync("/api/freshness");
        }

        await page.GotoAsync(platform.PageUrl("/freshness", platform.AnalystToken));
        await page.Locator("main [data-testid=freshness-table], main [role=alert], main .message").First.WaitForAsync(new() { Timeout = LoadTimeout });
        await platform.ScreenshotAsync(page, "freshness");
        await SkipWhenNotServedAsync("/api/freshness", "the freshness read model (contract item 4)");

        var sources = (await GetJsonAsync("/api/freshness"))["sources"]!.AsArray();
        sources.Count.ShouldBeGreaterThan(0, "the demo data has sources");
        (await page.Locator("[data-testid=freshness-table] tbody tr").CountAsync()).ShouldBe(sources.Count);
        foreach (var source in sources)
        {
            var row = page.Locator($"[data-testid=freshness-table] tr[data-source='{source!["source"]!.GetValue<string>()}'][data-kind='{source["kind"]!.GetValue<string>()}']");
            (await row.Locator("td[data-field=stale]").TextContentAsync()).ShouldBe(source["stale"]!.GetValue<bool>() ? "Stale" : "Fresh");
        }
    }

    [BrowserFact]
    public async Task A_refused_or_missing_token_gives_a_clear_message_not_a_blank_page()
    {
        await page.GotoAsync(platform.PageUrl("/targeted", "not-a-valid-token"));
        var alert = page.Locator("main [role=alert]");
        await Assertions.Expect(alert).ToContainTextAsync("HTTP 401", new() { Timeout = LoadTimeout });
        (await alert.GetAttributeAsync("data-error-kind")).ShouldBe("unauthorized");

        var fresh = await context.Browser!.NewContextAsync(new() { Locale = "en-GB" });
        try
        {
            var anonymous = await fresh.NewPageAsync();
            await anonymous.GotoAsync(platform.PageUrl("/targeted", null));
            await Assertions.Expect(anonymous.Locator("main [role=alert]")).ToContainTextAsync("No access token", new() { Timeout = LoadTimeout });
        }
        finally
        {
            await fresh.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task The_web_files_are_anonymous_but_the_API_stays_closed()
    {
        using var anonymous = new HttpClient { BaseAddress = platform.Dashboard };
        var index = await anonymous.GetAsync("/");
        index.StatusCode.ShouldBe(HttpStatusCode.OK);
        index.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        (await anonymous.GetAsync("/api/targeted/summary")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/no-such-endpoint")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/no-such-file.js")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task OpenTargetedAsync()
    {
        await page.GotoAsync(platform.PageUrl("/targeted", platform.AnalystToken));
        await page.Locator("[data-testid=province-table]").WaitForAsync(new() { Timeout = LoadTimeout });
        // The token left the address bar for sessionStorage.
        page.Url.ShouldNotContain("token=");
    }

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        var response = await platform.Api.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    /// <summary>
    /// Skips when dashboard-api does not have the endpoint at all (its OpenAPI description lacks the
    /// path: the API of issue 7 is not merged into this build). An endpoint that exists must work.
    /// </summary>
    private async Task SkipWhenNotServedAsync(string path, string what)
    {
        if (!await IsServedAsync(path))
        {
            Assert.Skip($"dashboard-api does not serve {path} on this build (not in its OpenAPI description): {what} is not merged yet.");
        }
    }

    private async Task<bool> IsServedAsync(string path)
    {
        using var anonymous = new HttpClient { BaseAddress = platform.Dashboard };
        return (await anonymous.GetFromJsonAsync<JsonNode>("/openapi/v1.json"))!["paths"]?[path] is not null;
    }

    /// <summary>GETs an API path until it answers 200 (a read model fills after start-up), at most a minute.</summary>
    private async Task<JsonNode> GetWhenReadyAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await platform.Api.GetAsync(path);
            if (response.IsSuccessStatusCode || DateTime.UtcNow > deadline)
            {
                response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path}: {await response.Content.ReadAsStringAsync()}");
                return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
            }

            await Task.Delay(1000);
        }
    }

    private static bool TileWithheld(JsonNode province)
    {
        var suppressed = province["suppressed"]!.AsArray().Select(s => s!.GetValue<string>()).ToHashSet();
        return suppressed.Contains("eligible") || suppressed.Contains("ineligible");
    }

    private async Task PostRegistrationsAsync(int count)
    {
        // New people every run: serials from the clock, in a range the demo data does not use.
        var start = 5_0000_0000_000L + (DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 100_000_000L * 100L);
        var csv = new StringBuilder("national_id,first_name,last_name,birth_date,nationality,province_code,household_id,relationship,declared_income,registered_at,card_holder\n");
        for (var i = 0; i < count; i++)
        {
            var first12 = start + i;
            var id = $"{first12}{WelfarePlatform.Reference.NationalId.ComputeCheckDigit(first12)}";
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{id},ทดสอบ,หน้าจอ,1970-01-01,TH,58,BT{first12},head,60000,2022-11-20,0\n");
        }

        using var ingest = new HttpClient { BaseAddress = platform.Ingest, Timeout = TimeSpan.FromSeconds(60) };
        ingest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", platform.IngestToken);
        var posted = await ingest.PostAsync("/api/batches/registrations?source=ktb&asOf=2022-11-30", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        posted.IsSuccessStatusCode.ShouldBeTrue(await posted.Content.ReadAsStringAsync());
        var batch = (await posted.Content.ReadFromJsonAsync<JsonNode>())!["batchId"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = (await ingest.GetFromJsonAsync<JsonNode>($"/api/batches/{batch}"))!;
            var state = status["status"]!.GetValue<string>();
            if (state == "completed")
            {
                status["rowsAccepted"]!.GetValue<int>().ShouldBe(count, status.ToJsonString());
                return;
            }

            state.ShouldNotBe("failed", status.ToJsonString());
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"batch {batch} not loaded within 60 s");
            await Task.Delay(300);
        }
    }

    /// <summary>The number a cell shows (digits only), or null for a dash.</summary>
    private static int? Number(string? text)
    {
        var digits = new string((text ?? "").Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? null : int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex AsciiWord();
}
