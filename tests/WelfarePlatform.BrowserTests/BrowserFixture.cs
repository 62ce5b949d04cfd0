using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(WelfarePlatform.BrowserTests.BrowserFixture))]

namespace WelfarePlatform.BrowserTests;

/// <summary>
/// The running platform (read from .dev/endpoints.json, written by dev/run; dev/test-browser starts
/// it with --seed on moved ports) and one headless Debian Chromium driven by Playwright. Playwright's
/// own browser download is never used: the browser is /usr/bin/chromium from apt.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public Uri Dashboard { get; private set; } = null!;
    public Uri Ingest { get; private set; } = null!;
    public string AnalystToken { get; private set; } = "";
    public string IngestToken { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    public string ArtifactsDirectory { get; private set; } = "";

    /// <summary>Whether the browser tests run (see <see cref="BrowserFactAttribute"/>).</summary>
    public static bool Enabled => Environment.GetEnvironmentVariable("WELFARE_BROWSER_TESTS") == "1";

    public async ValueTask InitializeAsync()
    {
        if (!Enabled)
        {
            return;
        }

        var repo = RepositoryRoot();
        var endpointsFile = Environment.GetEnvironmentVariable("WELFARE_ENDPOINTS_FILE") is { Length: > 0 } file
            ? file
            : Path.Combine(repo, ".dev", "endpoints.json");
        if (!File.Exists(endpointsFile))
        {
            throw new InvalidOperationException(
                $"No running platform: {endpointsFile} does not exist. Run dev/test-browser (it starts the platform), or start it with dev/run --detach --seed first.");
        }

        var endpoints = JsonNode.Parse(await File.ReadAllTextAsync(endpointsFile))!;
        Dashboard = new Uri(Required(endpoints, "services", "dashboard-api"));
        Ingest = new Uri(Required(endpoints, "services", "registration-ingest"));
        AnalystToken = Required(endpoints, "tokens", "analyst");
        IngestToken = Required(endpoints, "tokens", "ingest");

        Api = new HttpClient { BaseAddress = Dashboard, Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AnalystToken);
        HttpResponseMessage health;
        try
        {
            health = await Api.GetAsync("/health");
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"dashboard-api at {Dashboard} (from {endpointsFile}) does not answer: {e.Message}. Is the platform running (dev/run --status)?", e);
        }

        if (health.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"dashboard-api at {Dashboard} is not healthy: GET /health answered {(int)health.StatusCode}.");
        }

        ArtifactsDirectory = Environment.GetEnvironmentVariable("WELFARE_BROWSER_ARTIFACTS") is { Length: > 0 } artifacts
            ? Path.GetFullPath(artifacts)
            : Path.Combine(repo, "tests", "WelfarePlatform.BrowserTests", "TestResults", "screenshots");
        Directory.CreateDirectory(ArtifactsDirectory);

        var chromium = Environment.GetEnvironmentVariable("WELFARE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"{chromium} is missing: install Debian's Chromium (apt-get install -y chromium; dev/test-browser does it).");
        }

        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        // Playwright starts the browser with a fresh temporary --user-data-dir of its own for every launch.
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        Api?.Dispose();
    }

    /// <summary>A new isolated browser context (own storage) with an English browser and a desktop window.</summary>
    public Task<IBrowserContext> NewContextAsync(string locale = "en-GB") =>
        Browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale, ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });

    /// <summary>The dashboard URL for a route, carrying the token in the fragment as the local runner prints it.</summary>
    public string PageUrl(string route, string? token)
    {
        var fragment = token is null ? route : $"{route}{(route.Contains('?', StringComparison.Ordinal) ? '&' : '?')}token={Uri.EscapeDataString(token)}";
        return new Uri(Dashboard, "/").AbsoluteUri + "#" + fragment;
    }

    /// <summary>Saves a full-page screenshot as a test artifact and says where.</summary>
    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ArtifactsDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        return path;
    }

    private static string Required(JsonNode root, string section, string name) =>
        root[section]?[name]?.GetValue<string>() is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"endpoints.json has no {section}.{name}");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WelfarePlatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No WelfarePlatform.sln above {AppContext.BaseDirectory}");
    }
}
