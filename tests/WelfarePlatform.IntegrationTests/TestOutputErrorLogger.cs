using Microsoft.Extensions.Logging;

namespace WelfarePlatform.IntegrationTests;

/// <summary>
/// Writes a hosted service's errors into the output of the test that caused them, so a 500 seen in
/// CI comes with its exception rather than only a trace id.
/// </summary>
public sealed class TestOutputErrorLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TestOutputErrorLogger(categoryName);

    public void Dispose()
    {
    }

    /// <summary>Every hosted service error of the run, with the test that caused it.</summary>
    public static readonly string ErrorFile = Path.Combine(Path.GetTempPath(), "welfare-integration-service-errors.log");

    private sealed class TestOutputErrorLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"[service {logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}";
            // vstest's console logger hides a failed test's output at normal verbosity: keep a file too.
            lock (ErrorFile)
            {
                File.AppendAllText(ErrorFile, $"{DateTime.UtcNow:O} {TestContext.Current.Test?.TestDisplayName ?? "(no test)"}{Environment.NewLine}{line}{Environment.NewLine}");
            }

            if (TestContext.Current.TestOutputHelper is not { } output)
            {
                return;
            }

            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test this context belongs to has finished; its output is closed.
            }
        }
    }
}
