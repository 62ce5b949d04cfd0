namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// The date evaluations take parameters and evidence freshness at: today (UTC), or the fixed date
/// in configuration <c>Eligibility:EvaluationDate</c> (yyyy-mm-dd) to replay a past screening.
/// </summary>
public sealed class EvaluationDate(IConfiguration configuration, TimeProvider clock)
{
    public const string ConfigurationKey = "Eligibility:EvaluationDate";

    public DateOnly Today()
    {
        var configured = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        }

        return DateOnly.TryParseExact(configured, "yyyy-MM-dd", out var date)
            ? date
            : throw new InvalidOperationException($"{ConfigurationKey} must be a date as yyyy-mm-dd; it is '{configured}'.");
    }
}
