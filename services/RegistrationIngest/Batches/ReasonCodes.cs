namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>Row reject reasons, in the order rules are checked (FORMATS.md): a row gets the first it breaks.</summary>
internal static class ReasonCodes
{
    public const string ColumnCount = "COLUMN_COUNT";
    public const string MissingField = "MISSING_FIELD";
    public const string BadIdFormat = "BAD_ID_FORMAT";
    public const string BadIdChecksum = "BAD_ID_CHECKSUM";
    public const string BadDate = "BAD_DATE";
    public const string FutureDate = "FUTURE_DATE";
    public const string UnknownProvince = "UNKNOWN_PROVINCE";
    public const string BadNumber = "BAD_NUMBER";
    public const string NegativeAmount = "NEGATIVE_AMOUNT";
    public const string BadEnum = "BAD_ENUM";

    /// <summary>
    /// An extension of FORMATS.md's table, checked after its rules: a free-text field (a name, a
    /// household id, a program) longer than <see cref="RowRules.MaxTextLength"/> characters. Such a
    /// value is an export error, and the registry's indexes cannot hold it: without this rule the
    /// database refused the whole batch.
    /// </summary>
    public const string FieldTooLong = "FIELD_TOO_LONG";
    public const string DuplicateInFile = "DUPLICATE_IN_FILE";
}
