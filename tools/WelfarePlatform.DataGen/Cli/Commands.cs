using System.CommandLine;
using System.Diagnostics;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Registrations;

namespace WelfarePlatform.DataGen.Cli;

/// <summary>The command tree: one command per file kind, <c>all</c>, and <c>bench</c>.</summary>
internal static class Commands
{
    public static RootCommand Root()
    {
        var root = new RootCommand("Synthetic national data for WelfarePlatform, in the formats of FORMATS.md. No real person is in it.")
        {
            Generating("registrations", "registrations.csv: registrants by household.", s => [RegistrationsFile.Write(s)]),
            Bench.BenchCommand.Create(),
        };
        return root;
    }

    private static Command Generating(string name, string description, Func<GeneratorSettings, IEnumerable<FileReport>> write)
    {
        var command = new Command(name, description);
        var options = new CommonOptions();
        options.AddTo(command);
        command.SetAction(result =>
        {
            var settings = options.Bind(result);
            Directory.CreateDirectory(settings.OutputDirectory);
            var clock = Stopwatch.StartNew();
            foreach (var file in write(settings))
            {
                Report.Print(file, clock.Elapsed);
                clock.Restart();
            }

            return 0;
        });
        return command;
    }
}
