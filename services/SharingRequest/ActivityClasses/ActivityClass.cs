namespace WelfarePlatform.SharingRequest.ActivityClasses;

/// <summary>
/// An activity class: what it may release (classifications, personal data, direct identifiers,
/// optionally a closed list of fields), in what form, the legal basis it needs, the longest
/// retention, who decides and in what order, the agreement clauses and the target time to decide.
/// </summary>
/// <param name="Code">A1 … A5.</param>
/// <param name="NameEn">Name in English.</param>
/// <param name="NameTh">Name in Thai.</param>
/// <param name="ReleaseForm">suppressed aggregates, yes/no answers, pid-only rows or identified rows.</param>
/// <param name="AllowedClassifications">Field classifications the class may release.</param>
/// <param name="AllowsPersonal">Whether personal-data fields may be asked for at all.</param>
/// <param name="AllowsDirectIdentifiers">Whether national IDs and names may be asked for.</param>
/// <param name="FieldAllowList">When not null, the only fields (<c>dataset.field</c>) the class may release.</param>
/// <param name="RequiresLegalBasis">Whether a request must name its PDPA legal basis.</param>
/// <param name="MaxRetentionDays">The longest retention a request may ask for; null for no limit.</param>
/// <param name="ApprovalChain">The roles that decide, in order.</param>
/// <param name="AutoApprove">A request that passes every check is approved without waiting for a person.</param>
/// <param name="AgreementClauses">The clauses its data sharing agreement carries.</param>
/// <param name="TargetDecision">The target time from submission to decision.</param>
public sealed record ActivityClass(
    string Code,
    string NameEn,
    string NameTh,
    string ReleaseForm,
    TimeSpan TargetDecision,
    IReadOnlyList<string> AllowedClassifications,
    bool AllowsPersonal,
    bool AllowsDirectIdentifiers,
    IReadOnlyList<string>? FieldAllowList,
    bool RequiresLegalBasis,
    int? MaxRetentionDays,
    IReadOnlyList<string> ApprovalChain,
    bool AutoApprove,
    IReadOnlyList<string> AgreementClauses);
