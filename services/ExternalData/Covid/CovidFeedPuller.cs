using System.Net;
using Microsoft.Extensions.Options;
using WelfarePlatform.ExternalData.Feeds;

namespace WelfarePlatform.ExternalData.Covid;

/// <summary>
/// Pulls the Covid-19 feed from <c>Feeds:CovidCases:Url</c> on a schedule, with a conditional request
/// (If-None-Match / If-Modified-Since from the last good answer). A failure (no answer, an error
/// status, an unreadable body) changes no data and backs off (<see cref="PullSchedule"/>); the last
/// good data stays. The schedule lives in the database, so any replica may run this.
/// </summary>
public sealed partial class CovidFeedPuller(
    IHttpClientFactory httpClients,
    CovidCasesFeed feed,
    FeedPullStore pulls,
    IOptions<CovidFeedOptions> options,
    ILogger<CovidFeedPuller> logger) : BackgroundService
{
    public const string HttpClientName = "covid-feed";
    private static readonly TimeSpan LongestSleep = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Url))
        {
            LogNotConfigured(logger);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PullIfDueAsync(settings, stoppingToken);
                var due = await pulls.TimeUntilDueAsync(CovidCasesFeed.Name, stoppingToken);
                await Task.Delay(due < LongestSleep ? due + TimeSpan.FromMilliseconds(20) : LongestSleep, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away: nothing was recorded; try again shortly.
                LogScheduleFailed(logger, e);
                await Task.Delay(LongestSleep, stoppingToken);
            }
        }
    }

    /// <summary>Pulls once if the feed is due (and no other replica holds it); returns whether it pulled.</summary>
    public async Task<bool> PullIfDueAsync(CovidFeedOptions settings, CancellationToken cancellationToken)
    {
        var lease = settings.Timeout + TimeSpan.FromMinutes(1);
        if (await pulls.TryClaimAsync(CovidCasesFeed.Name, settings.Url!, lease, cancellationToken) is not { } claim)
        {
            return false;
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, settings.Url);
            if (claim.ETag is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", claim.ETag);
            }

            if (claim.LastModified is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Modified-Since", claim.LastModified);
            }

            using var client = httpClients.CreateClient(HttpClientName);
            client.Timeout = settings.Timeout;
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                await pulls.RecordSuccessAsync(CovidCasesFeed.Name, "304 Not Modified", changed: false, null, null, PullSchedule.NextDelay(0, settings), cancellationToken);
                return true;
            }

            if (!response.IsSuccessStatusCode)
            {
                await FailAsync(claim, $"the source answered {(int)response.StatusCode} {response.ReasonPhrase}", settings, cancellationToken);
                return true;
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var result = await feed.LoadAsync(body, "pull", cancellationToken);
            var status = $"{(int)response.StatusCode}: {result.RowsAccepted} rows loaded, {result.RowsRejected} rejected, {result.ValuesChanged} values changed";
            await pulls.RecordSuccessAsync(
                CovidCasesFeed.Name, status, changed: true, response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R"), PullSchedule.NextDelay(0, settings), cancellationToken);
            LogPulled(logger, result.RowsAccepted, result.RowsRejected, result.ValuesChanged);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or FeedFormatException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await FailAsync(claim, e is TaskCanceledException ? $"no answer within {settings.Timeout.TotalSeconds:0} s" : e.Message, settings, cancellationToken);
            return true;
        }
    }

    private async Task FailAsync(FeedPullStore.Claim claim, string error, CovidFeedOptions settings, CancellationToken cancellationToken)
    {
        var failures = claim.Failures + 1;
        var delay = PullSchedule.NextDelay(failures, settings);
        LogPullFailed(logger, failures, error, delay.TotalSeconds);
        await pulls.RecordFailureAsync(CovidCasesFeed.Name, error, failures, delay, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feeds:CovidCases:Url is not set: the Covid-19 feed is not pulled (it can still be posted)")]
    private static partial void LogNotConfigured(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Covid-19 feed pull schedule could not be read or written; retrying")]
    private static partial void LogScheduleFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pulled the Covid-19 feed: {Accepted} rows loaded, {Rejected} rejected, {Changed} values changed")]
    private static partial void LogPulled(ILogger logger, int accepted, int rejected, int changed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Covid-19 feed pull failed ({Failures} in a row): {Error}; next attempt in {DelaySeconds} s, the last good data stays")]
    private static partial void LogPullFailed(ILogger logger, int failures, string error, double delaySeconds);
}
