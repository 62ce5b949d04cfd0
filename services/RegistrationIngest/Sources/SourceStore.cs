using Npgsql;
using WelfarePlatform.RegistrationIngest.Batches;
using WelfarePlatform.RegistrationIngest.Batches.Kinds;

namespace WelfarePlatform.RegistrationIngest.Sources;

/// <summary>Per-source freshness from completed batches, and conflicts between sources.</summary>
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

    /// <summary>
    /// Per source pair and fact: people for whom the two sources' latest values differ. Evidence keeps
    /// one current value per source; a registration record keeps one current version, and each
    /// source's latest claim is its latest version (a record another source confirms or changes
    /// moves to history), so only people with history can have two sources' claims.
    /// </summary>
    public async Task<List<SourceConflict>> ConflictsAsync(CancellationToken cancellationToken)
    {
        var conflicts = new List<SourceConflict>();
        await ReadConflictsAsync(
            """
            select a.source, b.source, a.evidence_type, count(*)
            from evidence a join evidence b
              on b.national_id = a.national_id and b.evidence_type = a.evidence_type and b.source > a.source
            where a.value <> b.value
            group by a.source, b.source, a.evidence_type
            """,
            BatchKinds.Evidence, conflicts, cancellationToken);
        var facts = RegistrationsKind.Facts.Split(", ");
        await ReadConflictsAsync(
            $"""
            with claims as (
                select distinct on (national_id, source) national_id, source, {RegistrationsKind.Facts}
                from applicant_versions
                where national_id in (select national_id from applicant_history)
                order by national_id, source, version_id desc)
            select a.source, b.source, f.fact, count(*)
            from claims a join claims b on b.national_id = a.national_id and b.source > a.source
            cross join lateral (values {string.Join(", ", facts.Select(f => $"('{f}', a.{f} <> b.{f})"))}) f (fact, differs)
            where f.differs
            group by a.source, b.source, f.fact
            """,
            BatchKinds.Registrations, conflicts, cancellationToken);
        return [.. conflicts
            .OrderBy(c => c.SourceA, StringComparer.Ordinal).ThenBy(c => c.SourceB, StringComparer.Ordinal)
            .ThenBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Fact, StringComparer.Ordinal)];
    }

    private async Task ReadConflictsAsync(string sql, string kind, List<SourceConflict> conflicts, CancellationToken cancellationToken)
    {
        await using var select = dataSource.CreateCommand(sql);
        select.CommandTimeout = 0;
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var fact = reader.GetString(2);
            conflicts.Add(new SourceConflict(reader.GetString(0), reader.GetString(1), kind == BatchKinds.Evidence ? fact : null, reader.GetInt64(3), kind, fact));
        }
    }
}
