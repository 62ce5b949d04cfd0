using MassTransit;
using WelfarePlatform.Contracts;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.DashboardApi.Timely;

/// <summary>
/// Reads back from external-data what a <c>ProvinceSeriesChanged</c> names (the event carries no
/// values), and everything for a rebuild. Ranges are read in windows of at most 1,100 days, the most
/// external-data serves at once.
/// </summary>
public sealed class TimelyFetcher(IExternalDataApi externalData, Npgsql.NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const int MaxWindowDays = 1100;
    /// <summary>How far back a rebuild looks for a series' values (external-data has no "first day" query).</summary>
    private const int RebuildWindows = 12;

    public async Task<IReadOnlyList<ExternalSeriesValue>> FetchAsync(string series, IReadOnlyList<string> provinces, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var codes = string.Join(',', provinces);
        var values = new List<ExternalSeriesValue>();
        for (var start = from; start <= to; start = start.AddDays(MaxWindowDays + 1))
        {
            var end = start.AddDays(MaxWindowDays) is var last && last < to ? last : to;
            values.AddRange(await externalData.GetValuesAsync(series, $"{start:yyyy-MM-dd}", $"{end:yyyy-MM-dd}", codes, cancellationToken));
        }

        return values;
    }

    public Task<System.Text.Json.Nodes.JsonObject> FetchLagsAsync(CancellationToken cancellationToken) => externalData.GetLagsAsync(cancellationToken);

    /// <summary>
    /// Clears the Timely read model and reads every series back, window by window from today into the
    /// past until each series' value count (from <c>GET /api/series</c>) is reached, then the lags report.
    /// The new contents replace the old in one transaction, so readers never see a half-built model.
    /// </summary>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var fetched = new List<(string Series, IReadOnlyList<ExternalSeriesValue> Values)>();
        foreach (var series in await externalData.ListSeriesAsync(cancellationToken))
        {
            var values = new List<ExternalSeriesValue>();
            var end = today;
            for (var window = 0; window < RebuildWindows && values.Count < series.Values; window++)
            {
                var start = end.AddDays(-MaxWindowDays);
                values.AddRange(await externalData.GetValuesAsync(series.Name, $"{start:yyyy-MM-dd}", $"{end:yyyy-MM-dd}", null, cancellationToken));
                end = start.AddDays(-1);
            }

            fetched.Add((series.Name, values));
        }

        var lags = await externalData.GetLagsAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await TimelyReadModel.ClearAsync(connection, transaction, cancellationToken);
        foreach (var (series, values) in fetched)
        {
            await TimelyReadModel.ApplyAsync(series, values, null, connection, transaction, cancellationToken);
        }

        await TimelyReadModel.ApplyAsync("", [], lags, connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return fetched.Sum(f => f.Values.Count);
    }
}

/// <summary>
/// On <c>ProvinceSeriesChanged</c>: reads the changed provinces and days back from external-data, with
/// the new timeliness report, then stores them once per message (upserts, so a redelivery or a
/// rebuild racing it changes nothing). The read happens before the transaction: no database
/// transaction stays open across HTTP calls.
/// </summary>
public sealed class TimelySeriesConsumer(Inbox inbox, TimelyFetcher fetcher) : IConsumer<ProvinceSeriesChanged>
{
    public async Task Consume(ConsumeContext<ProvinceSeriesChanged> context)
    {
        var changed = context.Message;
        var values = await fetcher.FetchAsync(changed.Series, changed.ProvinceCodes, changed.From, changed.To, context.CancellationToken);
        var lags = await fetcher.FetchLagsAsync(context.CancellationToken);
        await inbox.HandleOnceAsync(
            context.MessageId ?? changed.EventId,
            nameof(TimelySeriesConsumer),
            (connection, transaction, cancellationToken) => TimelyReadModel.ApplyAsync(changed.Series, values, lags, connection, transaction, cancellationToken),
            context.CancellationToken);
    }
}
