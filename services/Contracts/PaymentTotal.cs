namespace WelfarePlatform.Contracts;

/// <summary>
/// A line of a <c>payments</c> batch's change set: what the batch added to one province's payments
/// under one program on one day (a delta: payments the registry already held are not counted again).
/// </summary>
public sealed record PaymentTotal
{
    public required string ProvinceCode { get; init; }
    public required DateOnly PaidOn { get; init; }
    /// <summary>e.g. <c>monthly-allowance</c>, <c>covid-relief</c>.</summary>
    public required string Program { get; init; }
    /// <summary>Baht added (negative when a corrected payment is lower than before).</summary>
    public required decimal Amount { get; init; }
    /// <summary>Payments added.</summary>
    public required int Payments { get; init; }
}
