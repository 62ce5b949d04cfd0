namespace WelfarePlatform.RegistrationIngest.Batches;

/// <summary>What loading a file produced.</summary>
internal sealed class BatchOutcome
{
    public int RowsRead { get; set; }
    public int RowsAccepted { get; set; }
    /// <summary>The rejected rows, spooled to disk (see <see cref="RejectedRows"/>); the loader disposes them once saved.</summary>
    public RejectedRows Rejects { get; } = new();
    /// <summary>Rows rejected so far.</summary>
    public int RejectedCount => Rejects.Count;
    public List<string> Warnings { get; } = [];
    /// <summary>Why the whole file failed (nothing of it is loaded), or null.</summary>
    public string? Error { get; set; }

    /// <summary>What the loader is doing now (reading, merging...), for the progress log.</summary>
    public string Phase { get; set; } = "reading";

    /// <summary>Seconds spent per phase, in order, for the log: where a long batch's time went.</summary>
    public List<KeyValuePair<string, double>> PhaseSeconds { get; } = [];

    public void Timed(string phase, TimeSpan elapsed) => PhaseSeconds.Add(new(phase, elapsed.TotalSeconds));

    public string PhaseSummary() => string.Join(", ", PhaseSeconds.Select(p => $"{p.Key} {p.Value:F1} s"));

    public Dictionary<string, int> RejectsByReason() => Rejects.ByReason();

    public static BatchOutcome Failed(string error) => new() { Error = error };
}
