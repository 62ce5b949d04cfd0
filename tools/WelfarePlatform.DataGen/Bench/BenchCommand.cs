using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Registrations;

namespace WelfarePlatform.DataGen.Bench;

/// <summary>
/// <c>bench</c>: writes registrations.csv with the real generator and then with the naive
/// baseline, in one run, and prints rows/s, allocation and peak memory for each.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var people = new Option<int>("--people") { Description = "Rows for the fast writer.", DefaultValueFactory = _ => 22_000_000 };
        var baselinePeople = new Option<int>("--baseline-people")
        {
            Description = "Rows for the naive baseline (it is slow; rows/s is what is compared).",
            DefaultValueFactory = _ => 2_000_000,
        };
        var seed = new Option<ulong>("--seed") { DefaultValueFactory = _ => 1UL };
        var output = new Option<string?>("--out") { Description = "Scratch folder (default: a temporary one, deleted after)." };
        var workers = new Option<int>("--workers") { Description = "Threads making rows (default: one per core).", DefaultValueFactory = _ => 0 };
        var command = new Command("bench", "Measures registrations.csv generation against a string.Format + StreamWriter baseline.")
        {
            people, baselinePeople, seed, output, workers,
        };
        command.SetAction(result => Run(
            result.GetValue(people), result.GetValue(baselinePeople), result.GetValue(seed), result.GetValue(output), result.GetValue(workers)));
        return command;
    }

    private static int Run(int people, int baselinePeople, ulong seed, string? output, int workers)
    {
        var folder = output ?? Path.Combine(Path.GetTempPath(), "welfare-datagen-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        Console.WriteLine($"bench: {Environment.ProcessorCount} cores, load average {LoadAverage()}, .NET {Environment.Version}, folder {folder}");
        try
        {
            var settings = new GeneratorSettings { People = people, Seed = seed, AsOf = Cli.CommonOptions.DefaultAsOf, OutputDirectory = folder };
            var generationOnly = Measure("people only (generated on one core, not formatted or written)", () => CountPeople(settings));
            Print(generationOnly, peakNote: "peak working set of the process so far");
            var fast = Measure("fast (pooled UTF-8 buffers, all cores)", () => RegistrationsFile.Write(settings, workers).Rows);
            Print(fast, peakNote: "peak working set of the process so far");

            var baselineSettings = settings with { People = Math.Min(people, baselinePeople) };
            var naivePath = Path.Combine(folder, "registrations.naive.csv");
            var naive = Measure("naive (string.Format + StreamWriter)", () => NaiveRegistrationsWriter.Write(baselineSettings, naivePath));
            Print(naive, peakNote: "peak of the whole process, fast run included");
            if (baselineSettings.People < people)
            {
                Console.WriteLine($"  (baseline ran on {baselineSettings.People:N0} rows, not {people:N0}: rows/s is comparable, totals are not)");
            }

            Console.WriteLine($"speed-up: {fast.RowsPerSecond / naive.RowsPerSecond:N1}x wall, {fast.RowsPerCpuSecond / naive.RowsPerCpuSecond:N1}x CPU; " +
                $"same bytes: {SamePrefix(Path.Combine(folder, RegistrationsFile.FileName), naivePath)}; load average now {LoadAverage()}");
            return 0;
        }
        finally
        {
            if (output is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Other processes share these cores: the figures mean little without it.</summary>
    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static long CountPeople(GeneratorSettings settings)
    {
        var population = new Population.PopulationStream(settings);
        long people = 0;
        while (population.MoveNext())
        {
            people += population.Current.Size;
        }

        return people;
    }

    private static Measurement Measure(string name, Func<long> run)
    {
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var rows = run();
        clock.Stop();
        using var process = Process.GetCurrentProcess();
        return new Measurement(
            name,
            rows,
            clock.Elapsed,
            process.TotalProcessorTime - cpuBefore,
            GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore,
            (GC.CollectionCount(0) - collectionsBefore.Item1, GC.CollectionCount(1) - collectionsBefore.Item2, GC.CollectionCount(2) - collectionsBefore.Item3),
            process.PeakWorkingSet64);
    }

    private static void Print(Measurement m, string peakNote)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{m.Name}: {m.Rows:N0} rows in {m.Elapsed.TotalSeconds:N2} s = {m.RowsPerSecond:N0} rows/s " +
            $"(CPU {m.Cpu.TotalSeconds:N2} s = {m.RowsPerCpuSecond:N0} rows per CPU-second); " +
            $"allocated {m.AllocatedBytes / 1_048_576.0:N1} MiB ({(double)m.AllocatedBytes / m.Rows:N1} B/row); " +
            $"GCs gen0/1/2 {m.Collections.Gen0}/{m.Collections.Gen1}/{m.Collections.Gen2}; " +
            $"peak working set {m.PeakWorkingSet / 1_048_576.0:N0} MiB ({peakNote})"));
    }

    /// <summary>Whether the baseline's file is a prefix of the fast one (they render the same rows).</summary>
    private static bool SamePrefix(string fastPath, string naivePath)
    {
        using var fast = File.OpenRead(fastPath);
        using var naive = File.OpenRead(naivePath);
        var a = new byte[1 << 16];
        var b = new byte[1 << 16];
        int read;
        while ((read = naive.ReadAtLeast(b, b.Length, throwOnEndOfStream: false)) > 0)
        {
            if (fast.ReadAtLeast(a, read, throwOnEndOfStream: false) < read || !a.AsSpan(0, read).SequenceEqual(b.AsSpan(0, read)))
            {
                return false;
            }
        }

        return true;
    }

    private sealed record Measurement(string Name, long Rows, TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes, (int Gen0, int Gen1, int Gen2) Collections, long PeakWorkingSet)
    {
        public double RowsPerSecond => Rows / Elapsed.TotalSeconds;

        /// <summary>Rows per second of CPU time the process got: what one idle core would do, whatever else runs.</summary>
        public double RowsPerCpuSecond => Rows / Cpu.TotalSeconds;
    }
}
