namespace WelfarePlatform.RegistrationIngest.Batches;

internal static class BatchKinds
{
    public const string Registrations = "registrations";
    public const string Evidence = "evidence";
    public const string Payments = "payments";

    public static bool IsKnown(string kind) => kind is Registrations or Evidence or Payments;
}
