using System.Security.Cryptography;
using WelfarePlatform.DataGen.Covid;
using WelfarePlatform.DataGen.Disasters;
using WelfarePlatform.DataGen.Evidence;
using WelfarePlatform.DataGen.Payments;
using WelfarePlatform.DataGen.Registrations;
using WelfarePlatform.DataGen.Tests.Support;

namespace WelfarePlatform.DataGen.Tests;

/// <summary>The same seed gives byte-identical files, whatever the number of workers; another seed gives other files.</summary>
public sealed class DeterminismTests
{
    [Fact]
    public void Same_seed_gives_byte_identical_files()
    {
        var first = WriteEverything(seed: 11, workers: 2);
        var second = WriteEverything(seed: 11, workers: 2);

        second.ShouldBe(first);
        first.Count.ShouldBe(19); // 10 data files, 9 fault manifests (the Covid feed has none)
    }

    [Fact]
    public void Worker_count_does_not_change_the_bytes()
    {
        WriteEverything(seed: 11, workers: 1).ShouldBe(WriteEverything(seed: 11, workers: 2));
    }

    [Fact]
    public void Different_seeds_give_different_files()
    {
        var first = WriteEverything(seed: 11, workers: 2);
        var second = WriteEverything(seed: 12, workers: 2);

        foreach (var file in new[] { "registrations.csv", "evidence-bank-assets.csv", "payments.csv", "covid-cases.json", "disasters.csv" })
        {
            second[file].ShouldNotBe(first[file], file);
        }
    }

    [Fact]
    public void A_smaller_population_is_a_prefix_of_a_larger_one()
    {
        var small = Datasets.NewFolder("prefix-small");
        var large = Datasets.NewFolder("prefix-large");
        RegistrationsFile.Write(Datasets.Settings(small, 1_234));
        RegistrationsFile.Write(Datasets.Settings(large, 5_000));

        var smallBytes = File.ReadAllBytes(Path.Combine(small, RegistrationsFile.FileName));
        File.ReadAllBytes(Path.Combine(large, RegistrationsFile.FileName)).AsSpan(0, smallBytes.Length).SequenceEqual(smallBytes).ShouldBeTrue();
    }

    private static Dictionary<string, string> WriteEverything(ulong seed, int workers)
    {
        var folder = Datasets.NewFolder($"determinism-{seed}");
        var settings = Datasets.Settings(folder, 3_000, seed, faultRate: 0.03) with { PaymentsFrom = new DateOnly(2021, 6, 1) };
        RegistrationsFile.Write(settings, workers);
        EvidenceFiles.Write(settings, EvidenceSources.All, workers);
        PaymentsFile.Write(settings, workers);
        CovidCasesFile.Write(settings with { CovidFrom = new DateOnly(2021, 1, 1) });
        DisastersFile.Write(settings);
        return Directory.GetFiles(folder).ToDictionary(path => Path.GetFileName(path), path => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
    }
}
