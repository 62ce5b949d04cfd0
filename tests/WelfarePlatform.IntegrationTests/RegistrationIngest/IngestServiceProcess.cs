using System.Diagnostics;
using System.Globalization;
using System.Net;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>
/// registration-ingest's built dll as its own process (`dotnet WelfarePlatform.RegistrationIngest.dll`,
/// as dev/run starts it), so its memory is the service's alone: hosted in the test process, the working
/// set would also hold the test host, xUnit and the client, and the GC would be the test host's, not the
/// one the service's project configures. Its log goes to a file the caller can read.
/// </summary>
internal sealed class IngestServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private IngestServiceProcess(Process process, StreamWriter log, Uri url, string logFile)
    {
        this.process = process;
        this.log = log;
        Url = url;
        LogFile = logFile;
    }

    public Uri Url { get; }

    public string LogFile { get; }

    public int Pid => process.Id;

    /// <summary>Starts the service with <paramref name="settings"/> (configuration keys, as the tests' hosts take them) and waits until /health answers 200.</summary>
    public static async Task<IngestServiceProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string logFile)
    {
        // The same configuration (Debug or Release) the test project was built in: the service is its project reference.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var folder = Path.Combine(DataGenRunner.RepositoryRoot(), "services", "RegistrationIngest");
        var dll = Path.Combine(folder, "bin", configuration, "net10.0", "WelfarePlatform.RegistrationIngest.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is not built (it is built with the test project).");
        }

        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var writer = new StreamWriter(logFile) { AutoFlush = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new IngestServiceProcess(process, writer, new Uri($"http://127.0.0.1:{port}/"), logFile);

        using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"registration-ingest exited during start with code {process.ExitCode}; see {logFile}");
            }

            try
            {
                using var response = await health.GetAsync(new Uri(service.Url, "health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return service;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"registration-ingest not healthy after start; see {logFile}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>A /proc/PID/status figure in bytes: VmRSS (resident now) or VmHWM (the largest resident size since the process started).</summary>
    public long ProcStatusBytes(string field) =>
        (ChildProcess.StatusKib(process.Id, field) ?? throw new InvalidOperationException($"/proc/{process.Id}/status has no {field}")) * 1024;

    public async ValueTask DisposeAsync()
    {
        await ChildProcess.StopAsync(process);
        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }
}
