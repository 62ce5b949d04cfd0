namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>
/// Checks one row of a <c>payments</c> file against FORMATS.md's rules, in the table's order.
/// Duplicates (national_id + paid_on + program) are the caller's to check.
/// </summary>
internal sealed class PaymentRowParser(CsvHeader header, DateOnly asOf)
{
    public static readonly string[] RequiredColumns = ["national_id", "paid_on", "amount", "program"];

    private static readonly string[] TextColumns = ["program"];

    public RowResult<PaymentRow> Parse(IReadOnlyList<string> fields)
    {
        if (RowRules.TryRejectShape(header, fields, RequiredColumns, out var code, out var detail))
        {
            return RowResult<PaymentRow>.Reject(code, detail);
        }

        var paidOnText = header.Field(fields, "paid_on");
        if (!BatchFieldParsers.TryParseDate(paidOnText, out var paidOn))
        {
            return RowResult<PaymentRow>.Reject(ReasonCodes.BadDate, RowRules.BadDateDetail("paid_on", paidOnText));
        }

        if (paidOn > asOf)
        {
            return RowResult<PaymentRow>.Reject(ReasonCodes.FutureDate, RowRules.FutureDateDetail("paid_on", paidOn, asOf));
        }

        var amountText = header.Field(fields, "amount");
        if (!BatchFieldParsers.TryParseAmount(amountText, out var amount))
        {
            return RowResult<PaymentRow>.Reject(ReasonCodes.BadNumber, $"amount '{amountText}' is not a number");
        }

        if (amount > RowRules.MaxAmount)
        {
            return RowResult<PaymentRow>.Reject(ReasonCodes.BadNumber, RowRules.TooLargeDetail("amount", amount, RowRules.MaxAmount));
        }

        if (amount < 0)
        {
            return RowResult<PaymentRow>.Reject(ReasonCodes.NegativeAmount, $"amount {amount} is below zero");
        }

        if (RowRules.TryRejectLongText(header, fields, TextColumns, out code, out detail))
        {
            return RowResult<PaymentRow>.Reject(code, detail);
        }

        return RowResult<PaymentRow>.Accept(new PaymentRow(header.Field(fields, "national_id"), paidOn, amount, header.Field(fields, "program")));
    }
}
