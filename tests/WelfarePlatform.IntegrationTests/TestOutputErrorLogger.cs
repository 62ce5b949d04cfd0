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

    private sealed class TestOutputErrorLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel) || TestContext.Current.TestOutputHelper is not { } output)
            {
                return;
            }

            try
            {
                output.WriteLine($"[service {logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test this context belongs to has finished; its output is closed.
            }
        }
    }
}
