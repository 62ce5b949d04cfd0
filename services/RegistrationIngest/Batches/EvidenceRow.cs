namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>An accepted row of an <c>evidence</c> file.</summary>
internal sealed record EvidenceRow(string NationalId, string EvidenceType, decimal Value, DateOnly AsOf);
