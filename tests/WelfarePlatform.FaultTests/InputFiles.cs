using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace WelfarePlatform.FaultTests;

/// <summary>
/// A batch file and its expected counts. <c>Listed</c>: bad rows the generator lists in its
/// .faults.csv; every other row must be accepted.
/// </summary>
public sealed record BatchFile(string Path, string Kind, string Source, int RowsRead, int Listed)
{
    public int Rejected => Listed;

    public int Accepted => RowsRead - Rejected;
}

/// <summary>Registrants and card holders of one province, counted from the accepted registration rows.</summary>
public sealed record ProvinceExpectation(string Code, int Registrants, int Holders);

/// <summary>
/// The data generator's files (tools/WelfarePlatform.DataGen, deterministic) and the exact counts
/// the platform must end with, counted straight from the files: data rows, minus the bad rows the
/// generator lists in <c>FILE.faults.csv</c>; per province, the accepted rows and their card holders.
/// </summary>
public sealed class InputFiles
{
    public const string AsOf = "2022-11-30";

    private InputFiles(BatchFile registrations, IReadOnlyList<BatchFile> evidence, IReadOnlyList<ProvinceExpectation> provinces)
    {
        Registrations = registrations;
        Evidence = evidence;
        Provinces = provinces;
    }

    public BatchFile Registrations { get; }

    public IReadOnlyList<BatchFile> Evidence { get; }

    public IReadOnlyList<ProvinceExpectation> Provinces { get; }

    public static async Task<InputFiles> GenerateAsync(int people, double faultRate, string directory)
    {
        var marker = System.IO.Path.Combine(directory, ".complete");
        if (!File.Exists(marker))
        {
            Directory.CreateDirectory(directory);
            var args = new[] { "--people", people.ToString(CultureInfo.InvariantCulture), "--faults", faultRate.ToString(CultureInfo.InvariantCulture), "--as-of", AsOf, "--out", directory };
            await RunDataGenAsync(["registrations", .. args]);
            await RunDataGenAsync(["evidence", .. args]);
            await File.WriteAllTextAsync(marker, "");
        }

        var registrations = Count(System.IO.Path.Combine(directory, "registrations.csv"), "registrations", "ktb", out var rejectedRows);
        var provinces = CountProvinces(registrations.Path, rejectedRows);
        var evidence = Directory.GetFiles(directory, "evidence-*.csv").Where(f => !f.EndsWith(".faults.csv", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(f => Count(f, "evidence", System.IO.Path.GetFileNameWithoutExtension(f)["evidence-".Length..], out _)).ToList();
        return new InputFiles(registrations, evidence, provinces);
    }

    private static BatchFile Count(string path, string kind, string source, out HashSet<int> rejectedRows)
    {
        var rows = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8).Skip(1))
        {
            if (line.Length > 0)
            {
                rows++;
            }
        }

        rejectedRows = [];
        var faults = path + ".faults.csv";
        if (File.Exists(faults))
        {
            foreach (var line in File.ReadLines(faults).Skip(1).Where(l => l.Length > 0))
            {
                rejectedRows.Add(int.Parse(line[..line.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture));
            }
        }

        var listed = rejectedRows.Count;
        return new BatchFile(path, kind, source, rows, listed);
    }

    private static List<ProvinceExpectation> CountProvinces(string path, HashSet<int> rejectedRows)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = Csv.Split(reader.ReadLine()!).Select(h => h.Trim().ToLowerInvariant()).ToList();
        var province = header.IndexOf("province_code");
        var cardHolder = header.IndexOf("card_holder");
        var counts = new SortedDictionary<string, (int Registrants, int Holders)>(StringComparer.Ordinal);
        var rowNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            rowNumber++;
            if (rejectedRows.Contains(rowNumber))
            {
                continue;
            }

            var fields = Csv.Split(line);
            var code = fields[province];
            var (registrants, holders) = counts.GetValueOrDefault(code);
            counts[code] = (registrants + 1, holders + (cardHolder >= 0 && fields[cardHolder] == "1" ? 1 : 0));
        }

        return [.. counts.Select(c => new ProvinceExpectation(c.Key, c.Value.Registrants, c.Value.Holders))];
    }

    private static async Task RunDataGenAsync(string[] arguments)
    {
        var dll = System.IO.Path.Combine(Repository.Root, "tools", "WelfarePlatform.DataGen", "bin", "Release", "net10.0", "welfare-datagen.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is not built: run dev/test-faults (it builds the data generator in Release first).");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"DataGen {string.Join(' ', arguments)} failed:\n{await stdout}\n{await stderr}");
        }
    }
}

/// <summary>RFC 4180 fields of one line (the generator writes no line breaks inside quotes).</summary>
internal static class Csv
{
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
