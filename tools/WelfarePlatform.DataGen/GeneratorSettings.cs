using WelfarePlatform.DataGen.Output;

namespace WelfarePlatform.DataGen;

/// <summary>What every generator is told: how many people, which seed, as of when, where, and how dirty.</summary>
internal sealed record GeneratorSettings
{
    public const int MaxPeople = 100_000_000;

    /// <summary>Registrants to generate (the 2022 round had 22,295,183).</summary>
    public required int People { get; init; }

    public required ulong Seed { get; init; }

    /// <summary>The date the data is as of: the batches' asOf. No valid row has a date after it.</summary>
    public required DateOnly AsOf { get; init; }

    public required string OutputDirectory { get; init; }

    /// <summary>Bad rows added per valid row (0.01 adds one bad row per hundred good ones).</summary>
    public double FaultRate { get; init; }

    /// <summary>Charset of the files that carry Thai text (registrations, disasters).</summary>
    public TextEncoding Encoding { get; init; } = TextEncoding.Utf8;

    /// <summary>First month of the payment history (the Covid-period relief falls in 2020–2021).</summary>
    public DateOnly PaymentsFrom { get; init; } = new(2020, 1, 1);

    /// <summary>First day of the Covid-19 case series (Thailand's first case was found on 13 January 2020).</summary>
    public DateOnly CovidFrom { get; init; } = new(2020, 1, 1);

    /// <summary>First year of disaster declarations.</summary>
    public int DisastersFromYear { get; init; } = 2017;
}
