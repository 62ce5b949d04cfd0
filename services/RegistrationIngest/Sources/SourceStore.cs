using Npgsql;

namespace WelfarePlatform.RegistrationIngest.Sources;

/// <summary>Per-source freshness from completed batches, and evidence conflicts between sources.</summary>
internal sealed class SourceStore(NpgsqlDataSource dataSource, SourceCadence cadence, TimeProvider clock)
{
    public async Task<List<SourceFreshness>> ListAsync(CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(
            """
            select source, array_agg(distinct kind order by kind), max(as_of),
                   (array_agg(batch_id order by as_of desc, completed_at desc))[1], max(completed_at)
            from batches where status = 'completed'
            group by source order by source
            """);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var sources = new List<SourceFreshness>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var source = reader.GetString(0);
            var lastAsOf = reader.GetFieldValue<DateOnly>(2);
            var days = cadence.DaysFor(source);
            sources.Add(new SourceFreshness(source, reader.GetFieldValue<string[]>(1), lastAsOf, reader.GetGuid(3),
                reader.GetFieldValue<DateTimeOffset>(4), SourceCadence.IsStale(lastAsOf, days, today), days));
        }

        return sources;
    }

    /// <summary>Per source pair and evidence type: people for whom the two sources' current values differ.</summary>
    public async Task<List<SourceConflict>> ConflictsAsync(CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(
            """
            select a.source, b.source, a.evidence_type, count(*)
            from evidence a join evidence b
              on b.national_id = a.national_id and b.evidence_type = a.evidence_type and b.source > a.source
            where a.value <> b.value
            group by a.source, b.source, a.evidence_type
            order by a.source, b.source, a.evidence_type
            """);
        select.CommandTimeout = 0;
        var conflicts = new List<SourceConflict>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            conflicts.Add(new SourceConflict(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }

        return conflicts;
    }
}
