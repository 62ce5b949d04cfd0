using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Shouldly;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.HostileInputTests;

/// <summary>
/// Every operation of every service, found in the services' own OpenAPI descriptions, called with
/// hostile path values, query values and bodies (path-like ids, %2e%2e, unicode, huge strings,
/// deep JSON, truncated JSON, random bytes) by a caller holding every role: no answer is a 5xx, and
/// every refusal is problem details that say why.
/// </summary>
public sealed class ApiHostileInputTests(InfrastructureFixture infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    // Per operation; about 50 operations, so a few thousand in-process calls.
    private const int Iterations = 25;
    private readonly List<(string Service, HttpClient Client, IAsyncDisposable Host)> services = [];

    public async ValueTask InitializeAsync()
    {
        var settings = await TestPlatform.SettingsAsync(infrastructure, "hostile_api", "registrydb", "eligibilitydb", "externaldb", "dashboarddb", "sharingdb");
        Add("registration-ingest", new ServiceHost<RegistrationIngestApp>(settings));
        Add("eligibility", new ServiceHost<EligibilityApp>(settings));
        Add("external-data", new ServiceHost<ExternalDataApp>(settings));
        Add("dashboard-api", new ServiceHost<DashboardApiApp>(settings));
        Add("sharing-request", new ServiceHost<SharingRequestApp>(settings));

        void Add<T>(string name, ServiceHost<T> host) where T : class
        {
            // A real Kestrel socket: the in-memory test server decodes URLs itself (and throws on %00) before any service code runs.
            host.UseKestrel(FreePort.Next());
            host.StartServer();
            services.Add((name, host.CreateAllRolesClient(), host));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, client, host) in services)
        {
            client.Dispose();
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task No_hostile_call_to_any_described_operation_answers_5xx_and_every_refusal_says_why()
    {
        var failures = new List<string>();
        var calls = 0;
        foreach (var (service, client, _) in services)
        {
            foreach (var operation in await OperationsAsync(client))
            {
                // Failures are collected rather than thrown, so one run lists every kind of bad answer (no shrinking needed to read them).
                await RequestGen(operation).SampleAsync(async request =>
                {
                    Interlocked.Increment(ref calls);
                    string? failure;
                    try
                    {
                        failure = await CheckAsync(client, request);
                    }
                    catch (Exception e) when (e is HttpRequestException && request.Body is not null && request.Url.Length > KestrelRequestLineLimit)
                    {
                        // Kestrel answers 414 to an oversized request line and closes the connection
                        // without reading the body, so a client still sending the body sees the
                        // connection reset instead of the answer (CI, 2026-11-29: a 115 KB query with
                        // a 154 KB body). No service code ran.
                        Interlocked.Increment(ref protocolRefusals);
                        failure = null;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        failure = $"{request} broke the connection: {e.Message}";
                    }

                    if (failure is not null)
                    {
                        lock (failures)
                        {
                            failures.Add($"{service} {failure}");
                        }
                    }
                }, iter: Iterations, threads: 1, seed: Environment.GetEnvironmentVariable("WELFARE_HOSTILE_SEED"));
            }
        }

        output.WriteLine($"{calls} hostile calls; {protocolRefusals} refused by Kestrel before the service; {failures.Distinct().Count()} failures; answers by status: {string.Join(", ", Statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        foreach (var failure in failures.Distinct().Take(50))
        {
            output.WriteLine(failure);
        }

        calls.ShouldBeGreaterThan(Iterations * 30);
        // This walk found NUL (%00) in query values answering 500; ServiceDefaults now answers 400.
        failures.Distinct().ShouldBeEmpty();
    }

    private static int protocolRefusals;

    /// <summary>Kestrel's default MaxRequestLineSize (bytes); the services keep the default.</summary>
    private const int KestrelRequestLineLimit = 8 * 1024;

    private static readonly SortedDictionary<int, int> Statuses = [];

    private sealed record Operation(HttpMethod Method, string Path, List<string> PathParameters, List<string> QueryParameters, string? BodyType, List<string> BodyProperties);

    private sealed record Call(HttpMethod Method, string Url, string? BodyType, string? Body)
    {
        public override string ToString() => $"{Method} {Shorten(Url)} {BodyType} {Shorten(Body ?? "")}";
    }

    private static Gen<Call> RequestGen(Operation operation)
    {
        var path = Hostile.PathSegment.Array[operation.PathParameters.Count];
        var query = Gen.Select(Gen.Bool, Hostile.Text).Array[operation.QueryParameters.Count];
        var body = operation.BodyType switch
        {
            null => Gen.Const((string?)null),
            "application/json" => Hostile.JsonBody(operation.BodyProperties).Select(b => (string?)b),
            _ => Gen.Frequency(
                (1, Hostile.Text.Select(t => (string?)t)),
                (1, Gen.Byte.Array[0, 2000].Select(b => (string?)Encoding.Latin1.GetString(b)))),
        };
        return Gen.Select(path, query, body, (segments, values, content) =>
        {
            var url = operation.Path;
            for (var i = 0; i < segments.Length; i++)
            {
                url = url.Replace($"{{{operation.PathParameters[i]}}}", segments[i], StringComparison.Ordinal);
            }

            var pairs = operation.QueryParameters.Select((name, i) => values[i].Item1 ? $"{name}={Uri.EscapeDataString(values[i].Item2)}" : null).Where(p => p is not null).ToList();
            if (pairs.Count > 0)
            {
                url += "?" + string.Join('&', pairs);
            }

            return new Call(operation.Method, url, operation.BodyType, content);
        });
    }

    /// <summary>Null when the answer is acceptable; otherwise what went wrong.</summary>
    private static async Task<string?> CheckAsync(HttpClient client, Call call)
    {
        using var request = new HttpRequestMessage(call.Method, call.Url);
        if (call.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(call.Body));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(call.BodyType!);
        }

        HttpResponseMessage response;
        // Headers only: GET /api/stream (server-sent events) answers 200 and never ends its body.
        using var answerWithin = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, answerWithin.Token);
        }
        catch (UriFormatException)
        {
            return null; // the client itself refuses the URL; nothing reached the service
        }
        catch (OperationCanceledException) when (answerWithin.IsCancellationRequested)
        {
            return $"{call} did not answer within 60 s";
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            lock (Statuses)
            {
                Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
            }

            if (status >= 500)
            {
                return $"{call} answered {status}: {Shorten(await response.Content.ReadAsStringAsync())}";
            }

            if (status < 400)
            {
                return null;
            }

            // Kestrel's own refusals of a malformed request line or oversized URL/headers (no body) happen before any service code.
            if (status is 400 or 414 or 431 && response.Content.Headers.ContentLength == 0)
            {
                Interlocked.Increment(ref protocolRefusals);
                return null;
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"{call} answered {status} without problem details (content type {response.Content.Headers.ContentType?.MediaType ?? "none"})";
            }

            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            var reason = problem?["detail"]?.GetValue<string>() ?? problem?["title"]?.GetValue<string>();
            return string.IsNullOrWhiteSpace(reason) ? $"{call} answered {status} with problem details that give no title or detail" : null;
        }
    }

    private static async Task<List<Operation>> OperationsAsync(HttpClient client)
    {
        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var schemas = document["components"]?["schemas"]?.AsObject();
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var pathParameters = new List<string>();
                var queryParameters = new List<string>();
                foreach (var parameter in operation!["parameters"]?.AsArray() ?? [])
                {
                    var name = parameter!["name"]!.GetValue<string>();
                    (parameter["in"]?.GetValue<string>() == "path" ? pathParameters : queryParameters).Add(name);
                }

                string? bodyType = null;
                var properties = new List<string>();
                if (operation["requestBody"]?["content"]?.AsObject() is { } content && content.Count > 0)
                {
                    var (type, media) = content.First();
                    bodyType = type;
                    var schema = media?["schema"];
                    if (schema?["$ref"]?.GetValue<string>() is { } reference && schemas is not null)
                    {
                        schema = schemas[reference.Split('/')[^1]];
                    }

                    properties.AddRange(schema?["properties"]?.AsObject().Select(p => p.Key) ?? []);
                }

                operations.Add(new Operation(new HttpMethod(method.ToUpperInvariant()), path, pathParameters, queryParameters, bodyType, properties));
            }
        }

        return operations;
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : $"{text[..160]}…({text.Length} chars)";
}
