using Npgsql;
using WelfarePlatform.ExternalData.Feeds;
using WelfarePlatform.ExternalData.Series;

namespace WelfarePlatform.ExternalData.Covid;

/// <summary>
/// Loads a DDC-shaped Covid-19 feed, posted or pulled, into the <c>covid-new-cases</c> and
/// <c>covid-new-deaths</c> series: all accepted rows in one transaction with their events, or none.
/// </summary>
public sealed class CovidCasesFeed(NpgsqlDataSource dataSource, SeriesWriter writer, TimeProvider clock)
{
    public const string Name = "covid-cases";
    public const string CasesSeries = "covid-new-cases";
    public const string DeathsSeries = "covid-new-deaths";

    /// <summary>Parses and applies <paramref name="json"/>; throws <see cref="FeedFormatException"/> when the whole body is unreadable.</summary>
    public async Task<FeedResult> LoadAsync(ReadOnlyMemory<byte> json, string how, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var parsed = CovidCasesParser.Parse(json, today);
        var points = new List<SeriesPoint>(parsed.Days.Count * 2);
        foreach (var day in parsed.Days)
        {
            points.Add(new SeriesPoint(CasesSeries, day.ProvinceCode, day.Day, day.NewCases));
            if (day.NewDeaths is { } deaths)
            {
                points.Add(new SeriesPoint(DeathsSeries, day.ProvinceCode, day.Day, deaths));
            }
        }

        var changed = 0;
        if (points.Count > 0)
        {
            var asOf = parsed.Days.Max(d => d.Day);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var events = await writer.WriteAsync(connection, transaction, points, SeriesWriteMode.Replace, $"{Name}:{how}", asOf, Guid.CreateVersion7(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            changed = events.Sum(e => e.ValuesChanged);
        }

        return FeedResult.From(Name, parsed.RowsRead, parsed.Days.Count, changed, parsed.Rejects);
    }
}
