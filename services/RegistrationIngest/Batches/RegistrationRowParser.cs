using WelfarePlatform.Reference;

namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>
/// Checks one row of a <c>registrations</c> file against FORMATS.md's rules, in the table's order,
/// and returns the row or the first rule it breaks. Duplicates are the caller's to check: they
/// depend on the rows before.
/// </summary>
internal sealed class RegistrationRowParser(CsvHeader header, DateOnly asOf)
{
    public static readonly string[] RequiredColumns =
        ["national_id", "first_name", "last_name", "birth_date", "nationality", "province_code", "household_id", "declared_income", "registered_at"];

    public static readonly string[] KnownColumns = [.. RequiredColumns, "relationship", "card_holder"];

    private static readonly string[] Relationships = ["head", "spouse", "child", "other"];

    public RowResult<RegistrationRow> Parse(IReadOnlyList<string> fields)
    {
        if (fields.Count != header.ColumnCount)
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.ColumnCount, $"{fields.Count} fields where the header has {header.ColumnCount}");
        }

        string Field(string column) => header.Field(fields, column);

        foreach (var column in RequiredColumns)
        {
            if (Field(column).Length == 0)
            {
                return RowResult<RegistrationRow>.Reject(ReasonCodes.MissingField, $"{column} is empty");
            }
        }

        var nationalId = Field("national_id");
        switch (NationalId.Check(nationalId))
        {
            case NationalIdCheck.BadFormat:
                return RowResult<RegistrationRow>.Reject(ReasonCodes.BadIdFormat, "national_id is not exactly 13 digits");
            case NationalIdCheck.BadChecksum:
                return RowResult<RegistrationRow>.Reject(ReasonCodes.BadIdChecksum, "national_id's 13th digit is not its check digit");
        }

        if (!BatchFieldParsers.TryParseDate(Field("birth_date"), out var birthDate))
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.BadDate, $"birth_date '{Field("birth_date")}' is not a date from 1900-01-01 (yyyy-mm-dd or dd/mm/yyyy)");
        }

        if (!BatchFieldParsers.TryParseDate(Field("registered_at"), out var registeredAt))
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.BadDate, $"registered_at '{Field("registered_at")}' is not a date from 1900-01-01 (yyyy-mm-dd or dd/mm/yyyy)");
        }

        if (birthDate > asOf)
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.FutureDate, $"birth_date {birthDate:yyyy-MM-dd} is after the batch's asOf {asOf:yyyy-MM-dd}");
        }

        if (registeredAt > asOf)
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.FutureDate, $"registered_at {registeredAt:yyyy-MM-dd} is after the batch's asOf {asOf:yyyy-MM-dd}");
        }

        var provinceCode = Field("province_code");
        if (!Provinces.TryGetByCode(provinceCode.AsSpan(), out var province) || provinceCode.Length != 2)
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.UnknownProvince, $"province_code '{provinceCode}' is not one of the 77 province codes");
        }

        if (!BatchFieldParsers.TryParseAmount(Field("declared_income"), out var declaredIncome))
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.BadNumber, $"declared_income '{Field("declared_income")}' is not a number");
        }

        if (declaredIncome < 0)
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.NegativeAmount, $"declared_income {declaredIncome} is below zero");
        }

        var nationality = Field("nationality");
        if (nationality.Length != 2 || !char.IsAsciiLetterUpper(nationality[0]) || !char.IsAsciiLetterUpper(nationality[1]))
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.BadEnum, $"nationality '{nationality}' is not an ISO 3166-1 alpha-2 code such as TH");
        }

        var relationship = Field("relationship");
        if (relationship.Length == 0)
        {
            relationship = "head";
        }
        else if (!Relationships.Contains(relationship))
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.BadEnum, $"relationship '{relationship}' is not head, spouse, child or other");
        }

        var cardHolder = Field("card_holder");
        if (cardHolder is not ("" or "0" or "1"))
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.BadEnum, $"card_holder '{cardHolder}' is not 1 or 0");
        }

        return RowResult<RegistrationRow>.Accept(new RegistrationRow(
            nationalId, Field("first_name"), Field("last_name"), birthDate, nationality, province.Code,
            Field("household_id"), relationship, declaredIncome, registeredAt, cardHolder == "1"));
    }
}

/// <summary>A parsed row, or the rule it broke.</summary>
internal readonly record struct RowResult<T>(T? Row, string? ReasonCode, string? Detail) where T : class
{
    public static RowResult<T> Accept(T row) => new(row, null, null);
    public static RowResult<T> Reject(string reasonCode, string detail) => new(null, reasonCode, detail);
}
