using System.CommandLine;
using System.Globalization;
using WelfarePlatform.DataGen.Output;

namespace WelfarePlatform.DataGen.Cli;

/// <summary>The options every generating command takes. A new instance per command: System.CommandLine options belong to one parent.</summary>
internal sealed class CommonOptions
{
    public static readonly DateOnly DefaultAsOf = new(2022, 11, 30);

    public Option<int> People { get; } = new("--people")
    {
        Description = "Registrants to generate (the 2022 round had 22,295,183).",
        DefaultValueFactory = _ => 100_000,
    };

    public Option<ulong> Seed { get; } = new("--seed")
    {
        Description = "Random seed: the same seed gives byte-identical files.",
        DefaultValueFactory = _ => 1UL,
    };

    public Option<string> AsOf { get; } = new("--as-of")
    {
        Description = "The data's as-of date (yyyy-mm-dd), the batches' asOf: no valid row has a later date.",
        DefaultValueFactory = _ => DefaultAsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    public Option<string> Out { get; } = new("--out")
    {
        Description = "Output folder.",
        DefaultValueFactory = _ => "datagen-out",
    };

    public Option<double> Faults { get; } = new("--faults")
    {
        Description = "Bad rows to mix in per valid row (0.01 = one per hundred), listed in <file>.faults.csv.",
        DefaultValueFactory = _ => 0.0,
    };

    public Option<string> Encoding { get; } = new("--encoding")
    {
        Description = "Charset of the files with Thai text (registrations, disasters): utf-8, utf-8-bom or windows-874.",
        DefaultValueFactory = _ => "utf-8",
    };

    public void AddTo(Command command)
    {
        command.Add(People);
        command.Add(Seed);
        command.Add(AsOf);
        command.Add(Out);
        command.Add(Faults);
        command.Add(Encoding);
    }

    public GeneratorSettings Bind(ParseResult result)
    {
        var people = result.GetValue(People);
        var faultRate = result.GetValue(Faults);
        if (people is < 1 or > GeneratorSettings.MaxPeople)
        {
            throw new ArgumentException($"--people must be between 1 and {GeneratorSettings.MaxPeople:N0}.");
        }

        if (faultRate is < 0 or > 1)
        {
            throw new ArgumentException("--faults must be between 0 and 1.");
        }

        var asOf = DateOnly.ParseExact(result.GetValue(AsOf)!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Registrants are up to about 100 years old and no valid date may fall before 1900.
        if (asOf.Year is < 2010 or > 2100)
        {
            throw new ArgumentException("--as-of must be between 2010 and 2100.");
        }

        return new GeneratorSettings
        {
            People = people,
            Seed = result.GetValue(Seed),
            AsOf = asOf,
            OutputDirectory = result.GetValue(Out)!,
            FaultRate = faultRate,
            Encoding = TextEncodings.Parse(result.GetValue(Encoding)!),
        };
    }
}
