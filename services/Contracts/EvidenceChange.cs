namespace WelfarePlatform.Contracts;

/// <summary>
/// One person's evidence fact in an <c>evidence</c> batch's change set (FORMATS.md, kind = evidence),
/// pseudonymous: the person is a <c>pid</c>.
/// </summary>
public sealed record EvidenceChange
{
    public required string Pid { get; init; }
    /// <summary><c>annual_income</c>, <c>financial_assets</c>, <c>home_loan</c>, <c>car_loan</c>, <c>land_residential_sqwa</c>, <c>land_agricultural_rai</c>, <c>condo_sqm</c>, <c>credit_card</c>, <c>state_employee</c> or <c>deceased</c>.</summary>
    public required string EvidenceType { get; init; }
    public required decimal Value { get; init; }
    /// <summary>The date the evidence describes (the row's <c>as_of</c>).</summary>
    public required DateOnly AsOf { get; init; }
    /// <summary>The agency source that sent it, e.g. <c>revenue</c>.</summary>
    public required string Source { get; init; }
}
