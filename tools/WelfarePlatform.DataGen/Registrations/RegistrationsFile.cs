using WelfarePlatform.DataGen.Faults;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Pipeline;
using WelfarePlatform.DataGen.Population;
using WelfarePlatform.DataGen.Randomness;

namespace WelfarePlatform.DataGen.Registrations;

/// <summary>Writes <c>registrations.csv</c>: every registrant, one row each, household by household.</summary>
internal static class RegistrationsFile
{
    public const string FileName = "registrations.csv";

    /// <summary>The card is run by Krung Thai Bank, which sends registrations and payments.</summary>
    public const string Source = "ktb";

    public static FileReport Write(GeneratorSettings settings, int workers = 0)
    {
        var encoding = settings.Encoding;
        var file = new HouseholdFile
        {
            FileName = FileName,
            Kind = "registrations",
            Source = Source,
            Header = CsvHeader.Bytes(RegistrationColumns.Names),
            Encoding = encoding,
            FaultReasons = RegistrationFaults.Reasons,
            WriteFaultRow = (RowBuffer output, ReasonCode reason, ref SplitMix64 rng, Household owner) =>
            {
                var fields = RegistrationFieldText.Fields(owner, owner.Members[0]);
                var (badFields, detail) = RegistrationFaults.Corrupt(fields, reason, ref rng, settings.AsOf);
                FaultRowText.WriteFields(output, badFields, encoding);
                return detail;
            },
        };

        return HouseholdPipeline.Write(settings, [file], (household, chunks) => WriteHousehold(household, chunks[0], encoding), 4096, workers)[0];
    }

    private static void WriteHousehold(Household household, RowBuffer chunk, TextEncoding encoding)
    {
        for (var slot = 0; slot < household.Size; slot++)
        {
            RegistrationRowWriter.Write(chunk, household, household.Members[slot], encoding);
        }
    }
}
