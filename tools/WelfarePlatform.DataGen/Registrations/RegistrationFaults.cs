using WelfarePlatform.DataGen.Faults;
using WelfarePlatform.DataGen.Randomness;
using C = WelfarePlatform.DataGen.Registrations.RegistrationColumns;

namespace WelfarePlatform.DataGen.Registrations;

/// <summary>Turns a valid registration row (as fields) into one that breaks exactly one rule.</summary>
internal static class RegistrationFaults
{
    public static readonly ReasonCode[] Reasons =
    [
        ReasonCode.ColumnCount, ReasonCode.MissingField, ReasonCode.BadIdFormat, ReasonCode.BadIdChecksum,
        ReasonCode.BadDate, ReasonCode.FutureDate, ReasonCode.UnknownProvince, ReasonCode.BadNumber,
        ReasonCode.NegativeAmount, ReasonCode.BadEnum, ReasonCode.DuplicateInFile,
    ];

    private static readonly int[] RequiredColumns =
        [C.NationalId, C.FirstName, C.LastName, C.BirthDate, C.Nationality, C.ProvinceCode, C.HouseholdId, C.DeclaredIncome, C.RegisteredAt];

    private static readonly string[] BadRelationships = ["wife", "son", "หัวหน้าครอบครัว", "self"];
    private static readonly string[] BadCardHolderFlags = ["2", "yes", "Y", "true"];

    /// <summary>Breaks <paramref name="reason"/>'s rule in <paramref name="fields"/>; returns the fields to write and the manifest detail.</summary>
    public static (string[] Fields, string Detail) Corrupt(string[] fields, ReasonCode reason, ref SplitMix64 rng, DateOnly asOf)
    {
        string detail;
        switch (reason)
        {
            case ReasonCode.ColumnCount:
                fields = FieldCorruptions.WrongFieldCount(fields, ref rng, out detail);
                return (fields, detail);
            case ReasonCode.MissingField:
                var column = RequiredColumns[rng.NextInt(RequiredColumns.Length)];
                fields[column] = "";
                return (fields, $"{C.Names[column]} empty");
            case ReasonCode.BadIdFormat:
                fields[C.NationalId] = FieldCorruptions.MalformedId(fields[C.NationalId], ref rng);
                return (fields, $"national_id '{fields[C.NationalId]}'");
            case ReasonCode.BadIdChecksum:
                fields[C.NationalId] = FieldCorruptions.WrongCheckDigit(fields[C.NationalId], ref rng);
                return (fields, $"national_id '{fields[C.NationalId]}' check digit");
            case ReasonCode.BadDate:
                var dateColumn = rng.Chance(0.5) ? C.BirthDate : C.RegisteredAt;
                fields[dateColumn] = FieldCorruptions.BadDate(ref rng, asOf);
                return (fields, $"{C.Names[dateColumn]} '{fields[dateColumn]}'");
            case ReasonCode.FutureDate:
                var futureColumn = rng.Chance(0.5) ? C.BirthDate : C.RegisteredAt;
                fields[futureColumn] = FieldCorruptions.FutureDate(ref rng, asOf);
                return (fields, FormattableString.Invariant($"{C.Names[futureColumn]} '{fields[futureColumn]}' after {asOf:yyyy-MM-dd}"));
            case ReasonCode.UnknownProvince:
                fields[C.ProvinceCode] = FieldCorruptions.UnknownProvinceCode(ref rng);
                return (fields, $"province_code '{fields[C.ProvinceCode]}'");
            case ReasonCode.BadNumber:
                fields[C.DeclaredIncome] = FieldCorruptions.NotANumber(ref rng);
                return (fields, $"declared_income '{fields[C.DeclaredIncome]}'");
            case ReasonCode.NegativeAmount:
                fields[C.DeclaredIncome] = FieldCorruptions.Negative(rng.NextInt(1, 200) * 500);
                return (fields, $"declared_income '{fields[C.DeclaredIncome]}'");
            case ReasonCode.BadEnum when rng.Chance(0.5):
                fields[C.Relationship] = BadRelationships[rng.NextInt(BadRelationships.Length)];
                return (fields, $"relationship '{fields[C.Relationship]}'");
            case ReasonCode.BadEnum:
                fields[C.CardHolder] = BadCardHolderFlags[rng.NextInt(BadCardHolderFlags.Length)];
                return (fields, $"card_holder '{fields[C.CardHolder]}'");
            default:
                throw new ArgumentOutOfRangeException(nameof(reason), reason, "Duplicates are copied rows, not corrupted fields.");
        }
    }
}
