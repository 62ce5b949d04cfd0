using WelfarePlatform.DataGen.Population;
using WelfarePlatform.DataGen.Randomness;

namespace WelfarePlatform.DataGen.Faults;

/// <summary>
/// Mixes bad rows into one file: says when one is due, picks its reason, supplies a person of its
/// own for it (from a reserved range of households, so its keys collide with no valid row), and
/// logs it in the manifest.
/// </summary>
internal sealed class FaultInjector : IDisposable
{
    /// <summary>Fault rows take their people from households numbered from here; valid households stay far below.</summary>
    public const long FaultHouseholdBase = 120_000_000;

    /// <summary>Keys stay below 10^9: (base + max) × 8 members.</summary>
    public const long MaxFaults = 4_000_000;

    private readonly ReasonCode[] reasons;
    private readonly ulong seed;
    private readonly long fileStream;
    private readonly HouseholdGenerator generator;
    private readonly Household faultHousehold = new();
    private long faultsMade;

    public FaultInjector(GeneratorSettings settings, HouseholdGenerator generator, string dataFilePath, ReasonCode[] reasons)
    {
        this.reasons = reasons;
        this.generator = generator;
        seed = settings.Seed;
        fileStream = StableHash(Path.GetFileName(dataFilePath));
        Enabled = settings.FaultRate > 0 && reasons.Length > 0;
        Schedule = new FaultSchedule(seed, fileStream, Enabled ? settings.FaultRate : 0);
        Log = new FaultLog(Enabled ? ManifestPathFor(dataFilePath) : null);
    }

    public bool Enabled { get; }

    public FaultSchedule Schedule { get; }

    public FaultLog Log { get; }

    public static string ManifestPathFor(string dataFilePath) => dataFilePath + ".faults.csv";

    /// <summary>Starts the next bad row: its reason, a random stream for its details, and a household of its own (one member).</summary>
    public (ReasonCode Reason, SplitMix64 Rng, Household Owner) Next()
    {
        if (faultsMade >= MaxFaults)
        {
            throw new InvalidOperationException($"More than {MaxFaults} bad rows in one file: lower --faults.");
        }

        var rng = SplitMix64.For(seed, RandomStream.FaultRows, (fileStream << 32) + faultsMade);
        generator.Generate(FaultHouseholdBase + faultsMade, faultHousehold, 1);
        faultsMade++;
        return (reasons[rng.NextInt(reasons.Length)], rng, faultHousehold);
    }

    public void Dispose() => Log.Dispose();

    /// <summary>FNV-1a of the file name (string.GetHashCode differs from run to run).</summary>
    private static long StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash & 0x7FFF_FFFF;
    }
}
