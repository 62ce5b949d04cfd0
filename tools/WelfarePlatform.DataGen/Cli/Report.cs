using System.Globalization;
using WelfarePlatform.DataGen.Output;

namespace WelfarePlatform.DataGen.Cli;

/// <summary>The console summary: one line per file written.</summary>
internal static class Report
{
    public static void Print(FileReport file, TimeSpan elapsed)
    {
        var faults = file.FaultRows > 0 ? $", {file.FaultRows:N0} bad ({file.FaultsFile})" : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file.File}: {file.Rows:N0} rows{faults}, {file.Bytes / 1_048_576.0:N1} MiB, {elapsed.TotalSeconds:N1} s"));
    }
}
