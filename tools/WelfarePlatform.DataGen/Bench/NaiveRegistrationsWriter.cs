using System.Globalization;
using System.Text;
using WelfarePlatform.DataGen.Population;
using WelfarePlatform.DataGen.Registrations;

namespace WelfarePlatform.DataGen.Bench;

/// <summary>
/// The baseline the benchmark compares against: the same people and the same bytes, written the
/// obvious way (a string per field, string.Format per row, StreamWriter.WriteLine).
/// </summary>
internal static class NaiveRegistrationsWriter
{
    public static long Write(GeneratorSettings settings, string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(string.Join(',', RegistrationColumns.Names));
        var population = new PopulationStream(settings);
        long rows = 0;
        while (population.MoveNext())
        {
            var household = population.Current;
            for (var slot = 0; slot < household.Size; slot++)
            {
                var fields = RegistrationFieldText.Fields(household, household.Members[slot]);
                writer.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0},{1},{2},{3},{4},{5},{6},{7},{8},{9},{10}", fields));
                rows++;
            }
        }

        return rows;
    }
}
