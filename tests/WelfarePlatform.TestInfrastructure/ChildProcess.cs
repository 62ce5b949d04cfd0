using System.Diagnostics;
using System.Globalization;

namespace WelfarePlatform.TestInfrastructure;

/// <summary>What the tests do with a service they run as its own process: stop it, read its memory.</summary>
public static class ChildProcess
{
    /// <summary>SIGTERM for a graceful stop; SIGKILL when it is not down within 30 seconds.</summary>
    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }
    }

    /// <summary>A /proc/PID/status figure in KiB: VmRSS (resident now) or VmHWM (the largest resident size since start); null when the process is gone.</summary>
    public static long? StatusKib(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
