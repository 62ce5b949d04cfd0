namespace WelfarePlatform.ExternalData.Feeds;

/// <summary>
/// Why a feed row was rejected: the batch files' reason codes (FORMATS.md), in the order a row is
/// checked, plus BAD_ROW for a JSON element that is not an object.
/// </summary>
public static class FeedReasonCodes
{
    public const string BadRow = "BAD_ROW";
    public const string ColumnCount = "COLUMN_COUNT";
    public const string MissingField = "MISSING_FIELD";
    public const string BadDate = "BAD_DATE";
    public const string FutureDate = "FUTURE_DATE";
    public const string UnknownProvince = "UNKNOWN_PROVINCE";
    public const string BadNumber = "BAD_NUMBER";
    public const string NegativeAmount = "NEGATIVE_AMOUNT";
    public const string BadEnum = "BAD_ENUM";
    public const string DuplicateInFile = "DUPLICATE_IN_FILE";
}
