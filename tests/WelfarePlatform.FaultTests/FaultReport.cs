namespace WelfarePlatform.FaultTests;

/// <summary>
/// What each fault injected and the exact counts checked: to the test output and to
/// TestResults/faults/fault-report.txt (WELFARE_FAULT_RESULTS overrides the folder).
/// </summary>
public sealed class FaultReport
{
    private readonly ITestOutputHelper output;

    public FaultReport(ITestOutputHelper output)
    {
        this.output = output;
        System.IO.File.WriteAllText(File, "");
    }

    public static string Directory { get; } = CreateDirectory();

    public string File { get; } = Path.Combine(Directory, "fault-report.txt");

    private readonly DateTime started = DateTime.UtcNow;

    public void Line(string text)
    {
        var line = $"[{(DateTime.UtcNow - started).TotalSeconds,6:0.0}s] {text}";
        output.WriteLine(line);
        lock (this)
        {
            System.IO.File.AppendAllText(File, line + Environment.NewLine);
        }
    }

    private readonly List<string> mismatches = [];

    /// <summary>Records an exact check (what, expected, actual); <see cref="AssertAllMatched"/> fails on any mismatch.</summary>
    public void Check(string what, long? expected, long? actual)
    {
        var matched = expected == actual;
        Line($"  check {what}: expected {expected?.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "null"}, " +
             $"actual {actual?.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) ?? "null"} {(matched ? "OK" : "MISMATCH")}");
        if (!matched)
        {
            lock (mismatches)
            {
                mismatches.Add($"{what}: expected {expected}, actual {actual}");
            }
        }
    }

    public void AssertAllMatched()
    {
        Line(mismatches.Count == 0 ? "all checks matched" : $"{mismatches.Count} checks did not match");
        if (mismatches.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("End state differs from the input files:\n" + string.Join('\n', mismatches));
        }
    }

    private static string CreateDirectory()
    {
        var directory = Environment.GetEnvironmentVariable("WELFARE_FAULT_RESULTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Repository.Root, "TestResults", "faults");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}
