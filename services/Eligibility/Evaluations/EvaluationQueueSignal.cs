namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// Wakes this replica's <see cref="EvaluationWorker"/> as soon as a change set's evaluations are
/// queued, instead of at its next poll: the dashboard's figures wait for it.
/// </summary>
public sealed class EvaluationQueueSignal
{
    private readonly SemaphoreSlim queued = new(0, 1);

    public void Notify()
    {
        try
        {
            queued.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled and not yet taken: one wake-up finds every queued evaluation.
        }
    }

    /// <summary>Waits for a notification or the poll interval, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan poll, CancellationToken cancellationToken) => queued.WaitAsync(poll, cancellationToken);
}
