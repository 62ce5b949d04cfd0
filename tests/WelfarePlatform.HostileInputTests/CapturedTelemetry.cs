using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace WelfarePlatform.HostileInputTests;

/// <summary>
/// Everything the services log (every category, Trace and up: message, structured state, scopes,
/// exception) and every span any ActivitySource starts (name, tags, events, status), as text lines
/// that a test can search.
/// </summary>
public sealed class CapturedTelemetry : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly ActivityListener listener;
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public CapturedTelemetry()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public IEnumerable<string> Lines => lines;

    public int LogRecords { get; private set; }

    public int Spans { get; private set; }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose() => listener.Dispose();

    private void Record(Activity activity)
    {
        Spans++;
        var tags = string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={t.Value}"));
        var events = string.Join(' ', activity.Events.Select(e => e.Name + " " + string.Join(' ', e.Tags.Select(t => $"{t.Key}={t.Value}"))));
        var baggage = string.Join(' ', activity.Baggage.Select(b => $"{b.Key}={b.Value}"));
        lines.Enqueue($"span {activity.Source.Name} | {activity.OperationName} | {activity.DisplayName} | {tags} | {events} | {baggage} | {activity.StatusDescription}");
    }

    private sealed class Logger(CapturedTelemetry sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => sink.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            sink.LogRecords++;
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            var scope = new List<string>();
            sink.scopes.ForEachScope((value, list) => list.Add(value?.ToString() ?? ""), scope);
            sink.lines.Enqueue($"log {logLevel} {category} | {formatter(state, exception)} | {properties} | {string.Join(" / ", scope)} | {exception}");
        }
    }
}
