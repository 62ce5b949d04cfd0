namespace WelfarePlatform.ServiceDefaults.Security;

/// <summary>The roles a caller's token may carry (ARCHITECTURE.md §4).</summary>
public static class Roles
{
    public const string Analyst = "analyst";
    public const string Steward = "steward";
    public const string Approver = "approver";
    public const string Dpo = "dpo";
    /// <summary>An agency asking for data (the requester).</summary>
    public const string Agency = "agency";
    /// <summary>A machine caller that posts batch files and feeds.</summary>
    public const string Ingest = "ingest";
    /// <summary>A machine caller: sharing-request reading the owning services' pseudonymous exports to build packages.</summary>
    public const string Sharing = "sharing";

    public static readonly IReadOnlyList<string> All = [Analyst, Steward, Approver, Dpo, Agency, Ingest, Sharing];
}
