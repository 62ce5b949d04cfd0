using System.Diagnostics;
using System.Net;
using WelfarePlatform.TestInfrastructure;

namespace WelfarePlatform.FaultTests;

/// <summary>
/// One service's built dll running as a child process (as dev/run starts it: `dotnet X.dll` in the
/// project folder with the AppHost's environment variables), so it can be SIGKILLed like a crash.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly HttpClient Health = new() { Timeout = TimeSpan.FromSeconds(3) };
    private readonly ProcessStartInfo start;
    private readonly string logFile;
    private Process? process;
    private StreamWriter? log;

    public ServiceProcess(string name, string folder, string assembly, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        Name = name;
        Port = FreePort.Next();
        var projectDirectory = Path.Combine(Repository.Root, "services", folder);
        var dll = Path.Combine(projectDirectory, "bin", "Release", "net10.0", assembly + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is not built: run dev/test-faults (it builds the services in Release first).");
        }

        start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = projectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = Url.ToString().TrimEnd('/');
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["OTEL_SERVICE_NAME"] = name;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        logFile = Path.Combine(logDirectory, $"{name}.log");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public int? Pid => process is { HasExited: false } ? process.Id : null;

    /// <summary>Starts the process and waits until GET /health answers 200.</summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        log ??= new StreamWriter(logFile, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"===== start {DateTime.UtcNow:O}");
        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Name}");
        var writer = log;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (writer) { writer.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited during start with code {process.ExitCode}; see {logFile}");
            }

            try
            {
                using var response = await Health.GetAsync(new Uri(Url, "health"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} not healthy at {Url}health after start; see {logFile}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, like a crashed machine.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: false); // Process.Kill sends SIGKILL on Unix
            await process.WaitForExitAsync();
        }
    }

    /// <summary>RSS of the process in KiB (VmRSS of /proc/PID/status), or null when it is not running.</summary>
    public long? RssKib() => Pid is { } pid ? ChildProcess.StatusKib(pid, "VmRSS") : null;

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await ChildProcess.StopAsync(process);
            process.Dispose();
        }

        if (log is not null)
        {
            await log.DisposeAsync();
        }
    }
}
