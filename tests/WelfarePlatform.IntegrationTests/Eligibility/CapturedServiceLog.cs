using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace WelfarePlatform.IntegrationTests.Eligibility;

/// <summary>Keeps the eligibility service's log lines and the failures they report (the benchmarks print its phase timings).</summary>
internal sealed class CapturedServiceLog : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>Starts <paramref name="host"/>'s service with its log kept here; dispose the answer before the host.</summary>
    public WebApplicationFactory<EligibilityApp> Start(ServiceHost<EligibilityApp> host)
    {
        var eligibility = host.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(this)));
        _ = eligibility.Server;
        return eligibility;
    }

    public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("WelfarePlatform.Eligibility", StringComparison.Ordinal) ? new Logger(Lines) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(exception is null ? formatter(state, exception) : $"{formatter(state, exception)}: {exception.GetType().Name}: {exception.Message}");
    }
}
