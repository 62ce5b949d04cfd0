using WelfarePlatform.DataGen.Faults;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Population;

namespace WelfarePlatform.DataGen.Registrations;

/// <summary>Writes <c>registrations.csv</c>: every registrant, one row each, household by household.</summary>
internal static class RegistrationsFile
{
    public const string FileName = "registrations.csv";

    /// <summary>The card is run by Krung Thai Bank, which sends registrations and payments.</summary>
    public const string Source = "ktb";

    public static FileReport Write(GeneratorSettings settings)
    {
        var path = Path.Combine(settings.OutputDirectory, FileName);
        var population = new PopulationStream(settings);
        using var faults = new FaultInjector(settings, population.Generator, path, RegistrationFaults.Reasons);
        using var stream = DataFile.Create(path);
        using var buffer = new RowBuffer(stream);
        var encoding = settings.Encoding;
        buffer.Write(encoding.Preamble());
        buffer.Write(RegistrationColumns.Header);

        long rowNumber = 0, validRows = 0;
        while (population.MoveNext())
        {
            var household = population.Current;
            for (var slot = 0; slot < household.Size; slot++)
            {
                buffer.BeginRow();
                RegistrationRowWriter.Write(buffer, household, household.Members[slot], encoding);
                rowNumber++;
                for (var due = faults.AfterValidRow(++validRows, buffer.CurrentRow); due > 0; due--)
                {
                    WriteFault(buffer, faults, ++rowNumber, settings);
                }
            }
        }

        buffer.Flush();
        return new FileReport(FileName, "registrations", Source, encoding.CharsetName(), rowNumber, faults.Log.Count,
            faults.Log.CountsByReason, faults.Enabled ? FaultInjector.ManifestPathFor(FileName) : null, stream.Length);
    }

    private static void WriteFault(RowBuffer buffer, FaultInjector faults, long rowNumber, GeneratorSettings settings)
    {
        var (reason, rng, owner) = faults.Next();
        if (reason == ReasonCode.DuplicateInFile)
        {
            FaultRowText.WriteDuplicate(buffer, faults);
            faults.Log.Record(rowNumber, reason, "national_id repeats an earlier row");
            return;
        }

        var fields = RegistrationFieldText.Fields(owner, owner.Members[0]);
        var (badFields, detail) = RegistrationFaults.Corrupt(fields, reason, ref rng, settings.AsOf);
        FaultRowText.WriteFields(buffer, badFields, settings.Encoding, crLf: false);
        faults.Log.Record(rowNumber, reason, detail);
    }
}
