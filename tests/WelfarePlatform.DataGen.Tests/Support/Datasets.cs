using WelfarePlatform.DataGen.Evidence;
using WelfarePlatform.DataGen.Registrations;

namespace WelfarePlatform.DataGen.Tests.Support;

/// <summary>Generated data sets in temporary folders, made once per test run and shared by the tests that read them.</summary>
internal static class Datasets
{
    public static readonly DateOnly AsOf = new(2022, 11, 30);

    private static readonly Lazy<string> CleanFolder = new(() => Generate("clean", people: 60_000, faultRate: 0));
    private static readonly Lazy<string> FaultyFolder = new(() => Generate("faulty", people: 20_000, faultRate: 0.02));

    /// <summary>60,000 people, registrations and evidence, no bad rows.</summary>
    public static string Clean => CleanFolder.Value;

    /// <summary>20,000 people, every file, two bad rows per hundred valid ones.</summary>
    public static string Faulty => FaultyFolder.Value;

    public static GeneratorSettings Settings(string folder, int people, ulong seed = 7, double faultRate = 0) => new()
    {
        People = people,
        Seed = seed,
        AsOf = AsOf,
        OutputDirectory = folder,
        FaultRate = faultRate,
    };

    /// <summary>
    /// This test run's folders, under one root deleted when the run ends: a run writes hundreds of
    /// megabytes, and left behind they filled a CI machine's disk over a few dozen runs.
    /// </summary>
    private static readonly Lazy<string> RunFolder = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "datagen-tests", $"run-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A file still open at exit: the folder is left, as before.
            }
        };
        return root;
    });

    public static string NewFolder(string name)
    {
        var folder = Path.Combine(RunFolder.Value, $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string Generate(string name, int people, double faultRate)
    {
        var folder = NewFolder(name);
        var settings = Settings(folder, people, faultRate: faultRate);
        RegistrationsFile.Write(settings);
        EvidenceFiles.Write(settings, EvidenceSources.All);
        if (faultRate > 0)
        {
            Payments.PaymentsFile.Write(settings with { PaymentsFrom = new DateOnly(2022, 1, 1) });
            Disasters.DisastersFile.Write(settings);
        }

        return folder;
    }
}
