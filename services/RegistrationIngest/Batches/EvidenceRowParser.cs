namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>
/// Checks one row of an <c>evidence</c> file against FORMATS.md's rules, in the table's order.
/// Duplicates (national_id + evidence_type) are the caller's to check.
/// </summary>
internal sealed class EvidenceRowParser(CsvHeader header, DateOnly asOf)
{
    public static readonly string[] RequiredColumns = ["national_id", "evidence_type", "value", "as_of"];

    /// <summary>The evidence types, in FORMATS.md's order; the index is part of the duplicate key.</summary>
    public static readonly string[] EvidenceTypes =
        ["annual_income", "financial_assets", "home_loan", "car_loan", "land_residential_sqwa", "land_agricultural_rai", "condo_sqm", "credit_card", "state_employee", "deceased"];

    // Yes/no facts: their value is 1 or 0.
    private static readonly string[] FlagTypes = ["credit_card", "state_employee", "deceased"];

    public RowResult<EvidenceRow> Parse(IReadOnlyList<string> fields)
    {
        if (RowRules.TryRejectShape(header, fields, RequiredColumns, out var code, out var detail))
        {
            return RowResult<EvidenceRow>.Reject(code, detail);
        }

        var asOfText = header.Field(fields, "as_of");
        if (!BatchFieldParsers.TryParseDate(asOfText, out var factAsOf))
        {
            return RowResult<EvidenceRow>.Reject(ReasonCodes.BadDate, RowRules.BadDateDetail("as_of", asOfText));
        }

        if (factAsOf > asOf)
        {
            return RowResult<EvidenceRow>.Reject(ReasonCodes.FutureDate, RowRules.FutureDateDetail("as_of", factAsOf, asOf));
        }

        var valueText = header.Field(fields, "value");
        if (!BatchFieldParsers.TryParseAmount(valueText, out var value))
        {
            return RowResult<EvidenceRow>.Reject(ReasonCodes.BadNumber, $"value '{valueText}' is not a number");
        }

        if (value > RowRules.MaxEvidenceValue)
        {
            return RowResult<EvidenceRow>.Reject(ReasonCodes.BadNumber, RowRules.TooLargeDetail("value", value, RowRules.MaxEvidenceValue));
        }

        if (value < 0)
        {
            return RowResult<EvidenceRow>.Reject(ReasonCodes.NegativeAmount, $"value {value} is below zero");
        }

        var evidenceType = header.Field(fields, "evidence_type");
        if (Array.IndexOf(EvidenceTypes, evidenceType) < 0)
        {
            return RowResult<EvidenceRow>.Reject(ReasonCodes.BadEnum, $"evidence_type '{evidenceType}' is not one of {string.Join(", ", EvidenceTypes)}");
        }

        if (Array.IndexOf(FlagTypes, evidenceType) >= 0 && value is not (0 or 1))
        {
            return RowResult<EvidenceRow>.Reject(ReasonCodes.BadEnum, $"value {value} of {evidenceType} is not 1 or 0");
        }

        return RowResult<EvidenceRow>.Accept(new EvidenceRow(header.Field(fields, "national_id"), evidenceType, value, factAsOf));
    }
}
