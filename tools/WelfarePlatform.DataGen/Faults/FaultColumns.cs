using WelfarePlatform.DataGen.Randomness;

namespace WelfarePlatform.DataGen.Faults;

/// <summary>
/// Which field of a row plays which part, so one routine can break any file's row for a given
/// reason: the ID, the dates, the amount, the enum and the required fields.
/// </summary>
internal sealed record FaultColumns(
    string[] Names,
    int IdColumn,
    int[] DateColumns,
    int AmountColumn,
    int[] RequiredColumns,
    int EnumColumn = -1,
    string[]? BadEnumValues = null)
{
    /// <summary>Breaks <paramref name="reason"/>'s rule, and only it, in <paramref name="fields"/>; returns the fields and the manifest detail.</summary>
    public (string[] Fields, string Detail) Corrupt(string[] fields, ReasonCode reason, ref SplitMix64 rng, DateOnly asOf)
    {
        switch (reason)
        {
            case ReasonCode.ColumnCount:
                fields = FieldCorruptions.WrongFieldCount(fields, ref rng, out var detail);
                return (fields, detail);
            case ReasonCode.MissingField:
                return Set(fields, RequiredColumns[rng.NextInt(RequiredColumns.Length)], "", "empty");
            case ReasonCode.BadIdFormat:
                return Set(fields, IdColumn, FieldCorruptions.MalformedId(fields[IdColumn], ref rng), null);
            case ReasonCode.BadIdChecksum:
                return Set(fields, IdColumn, FieldCorruptions.WrongCheckDigit(fields[IdColumn], ref rng), "check digit");
            case ReasonCode.BadDate:
                return Set(fields, DateColumns[rng.NextInt(DateColumns.Length)], FieldCorruptions.BadDate(ref rng, asOf), null);
            case ReasonCode.FutureDate:
                return Set(fields, DateColumns[rng.NextInt(DateColumns.Length)], FieldCorruptions.FutureDate(ref rng, asOf), "after as-of");
            case ReasonCode.BadNumber:
                return Set(fields, AmountColumn, FieldCorruptions.NotANumber(ref rng), null);
            case ReasonCode.NegativeAmount:
                return Set(fields, AmountColumn, FieldCorruptions.Negative(rng.NextInt(1, 2000) * 50), null);
            case ReasonCode.BadEnum when EnumColumn >= 0 && BadEnumValues is not null:
                return Set(fields, EnumColumn, BadEnumValues[rng.NextInt(BadEnumValues.Length)], null);
            default:
                throw new ArgumentOutOfRangeException(nameof(reason), reason, "This file has no rule for it, or it is a duplicate (a copied row).");
        }
    }

    private (string[] Fields, string Detail) Set(string[] fields, int column, string value, string? note)
    {
        fields[column] = value;
        var text = value.Length == 0 ? $"{Names[column]} empty" : $"{Names[column]} '{value}'";
        return (fields, note is null or "empty" ? text : $"{text} {note}");
    }
}
