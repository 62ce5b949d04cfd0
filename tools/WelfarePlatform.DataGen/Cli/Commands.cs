using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using WelfarePlatform.DataGen.Covid;
using WelfarePlatform.DataGen.Disasters;
using WelfarePlatform.DataGen.Evidence;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Payments;
using WelfarePlatform.DataGen.Registrations;

namespace WelfarePlatform.DataGen.Cli;

/// <summary>The command tree: one command per file kind, <c>all</c>, and <c>bench</c>.</summary>
internal static class Commands
{
    public static RootCommand Root()
    {
        var sourceNames = string.Join(", ", EvidenceSources.All.Select(s => s.Code));
        var evidenceSource = new Option<string[]>("--source")
        {
            Description = $"Agencies to write (default all): {sourceNames}.",
            AllowMultipleArgumentsPerToken = true,
        };
        var paymentsFrom = new Option<string>("--payments-from")
        {
            Description = "First month of the payment history (yyyy-mm-dd).",
            DefaultValueFactory = _ => "2020-01-01",
        };
        paymentsFrom.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                result.AddError($"--payments-from must be a date as yyyy-mm-dd, e.g. 2021-03-01 (got '{text}').");
            }
        });

        return new RootCommand("Synthetic national data for WelfarePlatform in the formats of FORMATS.md. No real person is in it.")
        {
            Generating("registrations", "registrations.csv: every registrant, household by household.", s => [RegistrationsFile.Write(s)]),
            Generating("evidence", "evidence-<source>.csv: one file per agency.",
                (s, r) => EvidenceFiles.Write(s, SelectSources(r.GetValue(evidenceSource))), evidenceSource),
            Generating("payments", "payments.csv: card holders' monthly allowance and Covid-period relief.",
                (s, r) => [PaymentsFile.Write(s with { PaymentsFrom = ParseDate(r.GetValue(paymentsFrom)!) })], paymentsFrom),
            Generating("covid", "covid-cases.json: Covid-19 cases by province and day, in the DDC API's shape.", s => [CovidCasesFile.Write(s)]),
            Generating("disasters", "disasters.csv: flood, drought, storm, landslide and fire declarations.", s => [DisastersFile.Write(s)]),
            Generating("all", "Every file above, and manifest.json, into one folder.", (s, r) => WriteAll(s with { PaymentsFrom = ParseDate(r.GetValue(paymentsFrom)!) }), paymentsFrom),
            Bench.BenchCommand.Create(),
        };
    }

    private static IReadOnlyList<FileReport> WriteAll(GeneratorSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var files = new List<FileReport>();
        void Add(IEnumerable<FileReport> written)
        {
            foreach (var file in written)
            {
                Report.Print(file, clock.Elapsed);
                files.Add(file);
            }

            clock.Restart();
        }

        Add([RegistrationsFile.Write(settings)]);
        Add(EvidenceFiles.Write(settings, EvidenceSources.All));
        Add([PaymentsFile.Write(settings)]);
        Add([CovidCasesFile.Write(settings)]);
        Add([DisastersFile.Write(settings)]);
        DatasetManifest.Write(settings, files);
        Console.WriteLine($"{DatasetManifest.FileName}: {files.Count} files");
        return [];
    }

    private static EvidenceSource[] SelectSources(string[]? codes)
    {
        if (codes is null || codes.Length == 0)
        {
            return EvidenceSources.All;
        }

        return [.. codes.Select(code => EvidenceSources.All.SingleOrDefault(s => s.Code == code)
            ?? throw new ArgumentException($"Unknown --source '{code}'."))];
    }

    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Command Generating(string name, string description, Func<GeneratorSettings, IEnumerable<FileReport>> write)
        => Generating(name, description, (settings, _) => write(settings));

    private static Command Generating(
        string name,
        string description,
        Func<GeneratorSettings, ParseResult, IEnumerable<FileReport>> write,
        params Option[] extraOptions)
    {
        var command = new Command(name, description);
        var options = new CommonOptions();
        options.AddTo(command);
        foreach (var option in extraOptions)
        {
            command.Add(option);
        }

        command.SetAction(result =>
        {
            GeneratorSettings settings;
            try
            {
                settings = options.Bind(result);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }

            Directory.CreateDirectory(settings.OutputDirectory);
            var clock = Stopwatch.StartNew();
            foreach (var file in write(settings, result))
            {
                Report.Print(file, clock.Elapsed);
                clock.Restart();
            }

            return 0;
        });
        return command;
    }
}
