namespace WelfarePlatform.SharingRequest.Requests;

/// <summary>What an agency asks for (the body of <c>POST /api/requests</c>).</summary>
/// <param name="ActivityClass">A1 … A5 (GET /api/activity-classes).</param>
/// <param name="Datasets">The datasets and, for each, the fields asked for (GET /api/catalog/datasets).</param>
/// <param name="Purpose">What the data is for, in a sentence a reviewer can check.</param>
/// <param name="LegalBasis">The PDPA basis: s24(1) research and statistics, s24(3) contract, s24(4) public task,
/// s24(5) legitimate interest, s24(6) legal obligation, s26 sensitive data, s19 consent. Required for A2, A3, A4.</param>
/// <param name="PeriodFrom">First day the data should cover.</param>
/// <param name="PeriodTo">Last day the data should cover.</param>
/// <param name="RetentionDays">How long the agency will keep the data, in days.</param>
public sealed record RequestDraft(
    string? ActivityClass,
    IReadOnlyList<RequestedDataset>? Datasets,
    string? Purpose,
    string? LegalBasis,
    DateOnly? PeriodFrom,
    DateOnly? PeriodTo,
    int? RetentionDays);

/// <summary>One dataset of a request and the fields asked for.</summary>
public sealed record RequestedDataset(string? DatasetId, IReadOnlyList<string>? Fields);
