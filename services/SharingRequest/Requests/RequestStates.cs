namespace WelfarePlatform.SharingRequest.Requests;

/// <summary>A request waits for each role of its class's chain in turn, then ends approved or refused; an approved or waiting request can be revoked.</summary>
public static class RequestStates
{
    public const string Approved = "approved";
    public const string Refused = "refused";
    public const string Revoked = "revoked";
    private const string AwaitingPrefix = "awaiting_";

    public static string Awaiting(string role) => AwaitingPrefix + role;

    public static bool IsAwaiting(string state) => state.StartsWith(AwaitingPrefix, StringComparison.Ordinal);
}
