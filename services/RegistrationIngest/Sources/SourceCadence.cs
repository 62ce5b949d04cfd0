namespace WelfarePlatform.RegistrationIngest.Sources;

/// <summary>
/// How often each source is expected to send (<c>Sources:&lt;code&gt;:CadenceDays</c>, else
/// <c>Sources:DefaultCadenceDays</c>, else 31: most agencies send monthly). A source is stale when
/// its last as-of is more than its cadence before today.
/// </summary>
internal sealed class SourceCadence(IConfiguration configuration)
{
    public const int DefaultCadenceDays = 31;

    public int DaysFor(string source) =>
        configuration.GetValue<int?>($"Sources:{source}:CadenceDays") ?? configuration.GetValue("Sources:DefaultCadenceDays", DefaultCadenceDays);

    public static bool IsStale(DateOnly lastAsOf, int cadenceDays, DateOnly today) => lastAsOf.AddDays(cadenceDays) < today;
}
