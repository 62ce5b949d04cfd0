using WelfarePlatform.Reference;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>The first rules of every kind's table (FORMATS.md), in order: field count, required fields, national ID.</summary>
internal static class RowRules
{
    public static bool TryRejectShape(CsvHeader header, IReadOnlyList<string> fields, IReadOnlyList<string> requiredColumns, out string reasonCode, out string detail)
    {
        if (fields.Count != header.ColumnCount)
        {
            (reasonCode, detail) = (ReasonCodes.ColumnCount, $"{fields.Count} fields where the header has {header.ColumnCount}");
            return true;
        }

        foreach (var column in requiredColumns)
        {
            if (header.Field(fields, column).Length == 0)
            {
                (reasonCode, detail) = (ReasonCodes.MissingField, $"{column} is empty");
                return true;
            }
        }

        switch (NationalId.Check(header.Field(fields, "national_id")))
        {
            case NationalIdCheck.BadFormat:
                (reasonCode, detail) = (ReasonCodes.BadIdFormat, "national_id is not exactly 13 digits");
                return true;
            case NationalIdCheck.BadChecksum:
                (reasonCode, detail) = (ReasonCodes.BadIdChecksum, "national_id's 13th digit is not its check digit");
                return true;
        }

        (reasonCode, detail) = ("", "");
        return false;
    }

    /// <summary>The longest name, household id or program a row may carry; the longest Thai names are some 60 characters.</summary>
    public const int MaxTextLength = 200;

    /// <summary>The largest amount a registry amount column (numeric(14, 2)) holds.</summary>
    public const decimal MaxAmount = 999_999_999_999.99m;

    /// <summary>The largest evidence value eligibility's copy of the facts holds (numeric(16, 2)); the registry's column is wider.</summary>
    public const decimal MaxEvidenceValue = 99_999_999_999_999.99m;

    /// <summary>FIELD_TOO_LONG for the first of <paramref name="textColumns"/> longer than <see cref="MaxTextLength"/>.</summary>
    public static bool TryRejectLongText(CsvHeader header, IReadOnlyList<string> fields, IReadOnlyList<string> textColumns, out string reasonCode, out string detail)
    {
        foreach (var column in textColumns)
        {
            var length = header.Field(fields, column).Length;
            if (length > MaxTextLength)
            {
                (reasonCode, detail) = (ReasonCodes.FieldTooLong, $"{column} is {length:N0} characters long; at most {MaxTextLength} are accepted");
                return true;
            }
        }

        (reasonCode, detail) = ("", "");
        return false;
    }

    public static string TooLargeDetail(string column, decimal value, decimal max) =>
        $"{column} {value} is larger than the registry holds (at most {max:N2})";

    public static string BadDateDetail(string column, string value) =>
        $"{column} '{value}' is not a date from 1900-01-01 (yyyy-mm-dd or dd/mm/yyyy)";

    public static string FutureDateDetail(string column, DateOnly date, DateOnly asOf) =>
        $"{column} {date:yyyy-MM-dd} is after the batch's asOf {asOf:yyyy-MM-dd}";
}
