using System.Globalization;
using WelfarePlatform.DataGen.Faults;
using WelfarePlatform.DataGen.Output;
using WelfarePlatform.DataGen.Population;
using WelfarePlatform.DataGen.Randomness;
using WelfarePlatform.Reference;

namespace WelfarePlatform.DataGen.Evidence;

/// <summary>Bad evidence rows: a row that would be valid for a person of its own, then broken for one reason.</summary>
internal static class EvidenceFaults
{
    public static readonly ReasonCode[] Reasons =
    [
        ReasonCode.ColumnCount, ReasonCode.MissingField, ReasonCode.BadIdFormat, ReasonCode.BadIdChecksum,
        ReasonCode.BadDate, ReasonCode.FutureDate, ReasonCode.BadNumber, ReasonCode.NegativeAmount,
        ReasonCode.BadEnum, ReasonCode.DuplicateInFile,
    ];

    private static readonly string[] BadTypes = ["salary", "land_rai", "vehicle_loan", "Annual Income", "เงินเดือน"];

    public static string Write(RowBuffer output, EvidenceSource source, ReasonCode reason, ref SplitMix64 rng, Household owner, DateOnly asOf)
    {
        var person = owner.Members[0];
        var type = source.Types[rng.NextInt(source.Types.Length)];
        var fields = new string[source.Columns.Length];
        fields[source.ColumnIndex(EvidenceColumn.NationalId)] = PersonText.NationalId(owner, person);
        fields[source.ColumnIndex(EvidenceColumn.TypeName)] = type.Name();
        fields[source.ColumnIndex(EvidenceColumn.Value)] = PlausibleValue(type, ref rng);
        fields[source.ColumnIndex(EvidenceColumn.AsOf)] = DateFormatter.ToText(source.AsOfFor(asOf), source.DateStyle);
        if (source.ColumnIndex(EvidenceColumn.LandOffice) is var office and >= 0)
        {
            fields[office] = Provinces.All[owner.ProvinceIndex].Code;
        }

        var (badFields, detail) = ColumnsOf(source).Corrupt(fields, reason, ref rng, asOf);
        FaultRowText.WriteFields(output, badFields, TextEncoding.Utf8);
        return detail;
    }

    private static FaultColumns ColumnsOf(EvidenceSource source) => new(
        source.HeaderNames,
        source.ColumnIndex(EvidenceColumn.NationalId),
        [source.ColumnIndex(EvidenceColumn.AsOf)],
        source.ColumnIndex(EvidenceColumn.Value),
        [
            source.ColumnIndex(EvidenceColumn.NationalId), source.ColumnIndex(EvidenceColumn.TypeName),
            source.ColumnIndex(EvidenceColumn.Value), source.ColumnIndex(EvidenceColumn.AsOf),
        ],
        source.ColumnIndex(EvidenceColumn.TypeName),
        BadTypes);

    private static string PlausibleValue(EvidenceType type, ref SplitMix64 rng) => type switch
    {
        EvidenceType.CreditCard or EvidenceType.StateEmployee or EvidenceType.Deceased => rng.NextInt(2).ToString(CultureInfo.InvariantCulture),
        EvidenceType.FinancialAssets => (rng.NextInt(0, 30_000_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture),
        EvidenceType.LandResidentialSqwa or EvidenceType.LandAgriculturalRai or EvidenceType.CondoSqm => (rng.NextInt(25, 20_000) / 100m).ToString("0.##", CultureInfo.InvariantCulture),
        _ => (rng.NextInt(1, 300) * 1_000).ToString(CultureInfo.InvariantCulture),
    };
}
