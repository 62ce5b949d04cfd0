using System.Text.Json;
using System.Text.Json.Serialization;

namespace WelfarePlatform.DataGen.Output;

/// <summary>
/// <c>manifest.json</c>, written by <c>all</c>: how the data set was made and, per file, its kind,
/// the source to post it under, its charset, and its row and bad-row counts, so a loader or a
/// test knows what to expect without reading the files. No timestamps: the same seed gives the same bytes.
/// </summary>
internal static class DatasetManifest
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write(GeneratorSettings settings, IReadOnlyList<FileReport> files)
    {
        var manifest = new
        {
            generator = "welfare-datagen",
            seed = settings.Seed,
            people = settings.People,
            asOf = settings.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            faultRate = settings.FaultRate,
            files = files.Select(f => new
            {
                file = f.File,
                kind = f.Kind,
                source = f.Source,
                charset = f.Charset,
                rows = f.Rows,
                validRows = f.ValidRows,
                faultRows = f.FaultRows,
                faultsByReason = f.FaultsByReason,
                faultsFile = f.FaultsFile,
                bytes = f.Bytes,
            }),
        };
        File.WriteAllText(Path.Combine(settings.OutputDirectory, FileName), JsonSerializer.Serialize(manifest, Options) + "\n");
    }
}
