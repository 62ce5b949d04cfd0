namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>An accepted row of a <c>payments</c> file.</summary>
internal sealed record PaymentRow(string NationalId, DateOnly PaidOn, decimal Amount, string Program);
