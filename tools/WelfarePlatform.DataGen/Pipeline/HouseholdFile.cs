using WelfarePlatform.DataGen.Faults;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Population;
using WelfarePlatform.DataGen.Randomness;

namespace WelfarePlatform.DataGen.Pipeline;

/// <summary>Writes one bad row (other than a duplicate) into <paramref name="output"/>, owned by <paramref name="owner"/>'s only member; returns the manifest detail.</summary>
internal delegate string FaultRowWriter(RowBuffer output, ReasonCode reason, ref SplitMix64 rng, Household owner);

/// <summary>One CSV file written from the population: where it goes, how it looks, and how its bad rows are made.</summary>
internal sealed record HouseholdFile
{
    public required string FileName { get; init; }

    /// <summary>The batch kind of FORMATS.md: registrations, evidence or payments.</summary>
    public required string Kind { get; init; }

    public required string Source { get; init; }

    public required byte[] Header { get; init; }

    public TextEncoding Encoding { get; init; } = TextEncoding.Utf8;

    public bool CrLf { get; init; }

    /// <summary>The reasons this file's bad rows are drawn from (equally often).</summary>
    public required ReasonCode[] FaultReasons { get; init; }

    public required FaultRowWriter WriteFaultRow { get; init; }
}
