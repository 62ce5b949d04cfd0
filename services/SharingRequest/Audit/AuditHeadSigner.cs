namespace WelfarePlatform.SharingRequest.Audit;

/// <summary>Signs the audit chain's head every <c>Audit:HeadInterval</c> while the service runs (when a key is configured).</summary>
public sealed class AuditHeadSigner(AuditHeadStore heads, AuditHeadOptions options, ILogger<AuditHeadSigner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!heads.Enabled)
        {
            logger.LogWarning("{Setting} is not set: the audit chain's head is not signed, so verify cannot detect a truncated trail", AuditHeadOptions.KeySetting);
            return;
        }

        using var timer = new PeriodicTimer(options.Interval);
        do
        {
            try
            {
                await heads.SignAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Blob storage or the database being down delays the signing; the next tick tries again.
                logger.LogWarning(exception, "Signing the audit chain's head failed; retrying in {Interval}", options.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
