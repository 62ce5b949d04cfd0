using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace WelfarePlatform.DashboardApi.Client;

/// <summary>Reads <c>GET /api/stream</c> (server-sent events) as the changes it announces.</summary>
public static class DashboardStream
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Opens the stream and yields every <c>changed</c> message until <paramref name="cancellationToken"/>
    /// fires or the server ends it. Comments (<c>: connected</c>, <c>: keep-alive</c>) are skipped.
    /// <paramref name="onConnected"/> runs once the server's <c>: connected</c> line arrived, i.e. once
    /// the subscription is in place (useful before causing a change).
    /// </summary>
    public static async IAsyncEnumerable<ReadModelChange> ReadChangesAsync(this IDashboardApiClient client, Action? onConnected = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var response = await client.OpenStreamAsync(cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var change in ReadChangesAsync(body, onConnected, cancellationToken))
        {
            yield return change;
        }
    }

    /// <summary>Parses an event stream body (exposed for callers with their own <see cref="HttpClient"/>).</summary>
    public static async IAsyncEnumerable<ReadModelChange> ReadChangesAsync(System.IO.Stream body, Action? onConnected = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(body);
        string? eventName = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if ((eventName ?? "message") == "changed" && data.Count > 0
                    && JsonSerializer.Deserialize<ReadModelChange>(string.Join('\n', data), Json) is { } change)
                {
                    yield return change;
                }

                eventName = null;
                data.Clear();
            }
            else if (line.StartsWith(':'))
            {
                if (line.StartsWith(": connected", StringComparison.Ordinal))
                {
                    onConnected?.Invoke();
                }
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                eventName = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line["data:".Length..].TrimStart());
            }
        }
    }

    /// <summary>The media type of the stream.</summary>
    public static readonly MediaTypeHeaderValue EventStream = new("text/event-stream");
}
