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

    private static readonly string[] TextColumns = ["first_name", "last_name", "household_id"];

    public RowResult<RegistrationRow> Parse(IReadOnlyList<string> fields)
    {
        if (RowRules.TryRejectShape(header, fields, RequiredColumns, out var code, out var detail))
        {
            return RowResult<RegistrationRow>.Reject(code, detail);
        }

        string Field(string column) => header.Field(fields, column);

        if (!BatchFieldParsers.TryParseDate(Field("birth_date"), out var birthDate))
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.BadDate, RowRules.BadDateDetail("birth_date", Field("birth_date")));
        }

        if (!BatchFieldParsers.TryParseDate(Field("registered_at"), out var registeredAt))
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.BadDate, RowRules.BadDateDetail("registered_at", Field("registered_at")));
        }

        if (birthDate > asOf)
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.FutureDate, RowRules.FutureDateDetail("birth_date", birthDate, asOf));
        }

        if (registeredAt > asOf)
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.FutureDate, RowRules.FutureDateDetail("registered_at", registeredAt, asOf));
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

        if (declaredIncome > RowRules.MaxAmount)
        {
            return RowResult<RegistrationRow>.Reject(ReasonCodes.BadNumber, RowRules.TooLargeDetail("declared_income", declaredIncome, RowRules.MaxAmount));
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

        if (RowRules.TryRejectLongText(header, fields, TextColumns, out code, out detail))
        {
            return RowResult<RegistrationRow>.Reject(code, detail);
        }

        return RowResult<RegistrationRow>.Accept(new RegistrationRow(
            Field("national_id"), Field("first_name"), Field("last_name"), birthDate, nationality, province.Code,
            Field("household_id"), relationship, declaredIncome, registeredAt, cardHolder == "1"));
    }
}

/// <summary>A parsed row, or the rule it broke.</summary>
internal readonly record struct RowResult<T>(T? Row, string? ReasonCode, string? Detail) where T : class
{
    public static RowResult<T> Accept(T row) => new(row, null, null);
    public static RowResult<T> Reject(string reasonCode, string detail) => new(null, reasonCode, detail);
}
