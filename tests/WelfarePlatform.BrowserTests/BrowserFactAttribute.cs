using System.Runtime.CompilerServices;

namespace WelfarePlatform.BrowserTests;

/// <summary>
/// A browser test: it runs when WELFARE_BROWSER_TESTS=1 (dev/test-browser sets it after starting
/// the platform), and is skipped otherwise, so the first stage of dev/test (no platform running)
/// does not fail on it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = "browser tests run against a running platform: dev/test-browser (sets WELFARE_BROWSER_TESTS=1)";
        SkipUnless = nameof(BrowserFixture.Enabled);
        SkipType = typeof(BrowserFixture);
    }
}
