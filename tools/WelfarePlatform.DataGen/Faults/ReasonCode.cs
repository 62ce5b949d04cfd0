namespace WelfarePlatform.DataGen.Faults;

/// <summary>FORMATS.md's row reason codes, in the table's order: a row is rejected for the first one it breaks.</summary>
internal enum ReasonCode
{
    ColumnCount,
    MissingField,
    BadIdFormat,
    BadIdChecksum,
    BadDate,
    FutureDate,
    UnknownProvince,
    BadNumber,
    NegativeAmount,
    BadEnum,
    DuplicateInFile,
}

internal static class ReasonCodes
{
    private static readonly string[] Codes =
    [
        "COLUMN_COUNT", "MISSING_FIELD", "BAD_ID_FORMAT", "BAD_ID_CHECKSUM", "BAD_DATE", "FUTURE_DATE",
        "UNKNOWN_PROVINCE", "BAD_NUMBER", "NEGATIVE_AMOUNT", "BAD_ENUM", "DUPLICATE_IN_FILE",
    ];

    public static string ToCode(this ReasonCode reason) => Codes[(int)reason];
}
