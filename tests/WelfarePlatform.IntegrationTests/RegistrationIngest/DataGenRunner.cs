using System.Diagnostics;
using System.Runtime.CompilerServices;
using Shouldly;

namespace WelfarePlatform.IntegrationTests.RegistrationIngest;

/// <summary>Runs the data generator (tools/WelfarePlatform.DataGen) as its command line does.</summary>
internal static class DataGenRunner
{
    /// <summary>Debug, as the solution's build left it; the benchmark asks for Release.</summary>
    public static Task RunAsync(params string[] arguments) => RunAsync("Debug", arguments);

    public static async Task RunAsync(string configuration, string[] arguments)
    {
        var project = Path.Combine(RepositoryRoot(), "tools", "WelfarePlatform.DataGen");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["run", "-c", configuration, "--project", project, "--", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, $"DataGen failed:\n{await stdout}\n{await stderr}");
    }

    public static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        for (var directory = new DirectoryInfo(Path.GetDirectoryName(thisFile)!); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WelfarePlatform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No WelfarePlatform.sln above {thisFile}.");
    }
}
