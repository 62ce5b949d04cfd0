using Npgsql;

namespace WelfarePlatform.ExternalData.Covid;

/// <summary>The <c>feed_pulls</c> table: validators of the last good answer, failures and the next due time.</summary>
public sealed class FeedPullStore(NpgsqlDataSource dataSource)
{
    /// <summary>What a claimed pull sends: the validators for a conditional request, and the failures so far.</summary>
    public sealed record Claim(string? ETag, string? LastModified, int Failures);

    /// <summary>
    /// Takes the pull if it is due, moving its due time forward by <paramref name="lease"/> so no other
    /// replica takes it meanwhile. A changed URL drops the old validators.
    /// </summary>
    public async Task<Claim?> TryClaimAsync(string feed, string url, TimeSpan lease, CancellationToken cancellationToken)
    {
        // Two statements with positional parameters: a batch, as PostgreSQL prepares one statement at a time.
        await using var batch = dataSource.CreateBatch();
        var ensure = new NpgsqlBatchCommand(
            """
            insert into feed_pulls (feed, url) values ($1, $2)
            on conflict (feed) do update
                set url = excluded.url, etag = null, last_modified = null
                where feed_pulls.url <> excluded.url
            """);
        ensure.Parameters.Add(new NpgsqlParameter { Value = feed });
        ensure.Parameters.Add(new NpgsqlParameter { Value = url });
        var claim = new NpgsqlBatchCommand(
            """
            update feed_pulls set next_attempt_at = now() + $2, last_attempt_at = now()
            where feed = $1 and next_attempt_at <= now()
            returning etag, last_modified, failures
            """);
        claim.Parameters.Add(new NpgsqlParameter { Value = feed });
        claim.Parameters.Add(new NpgsqlParameter { Value = lease });
        batch.BatchCommands.Add(ensure);
        batch.BatchCommands.Add(claim);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Claim(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2))
            : null;
    }

    /// <summary>A good answer: new data (validators replaced) or 304 (validators kept).</summary>
    public Task RecordSuccessAsync(string feed, string status, bool changed, string? etag, string? lastModified, TimeSpan nextDelay, CancellationToken cancellationToken) =>
        ExecuteAsync(
            """
            update feed_pulls set
                failures = 0, last_error = null, last_status = $2, last_success_at = now(),
                last_changed_at = case when $3::boolean then now() else last_changed_at end,
                etag = case when $3::boolean then $4::text else etag end,
                last_modified = case when $3::boolean then $5::text else last_modified end,
                next_attempt_at = now() + $6::interval
            where feed = $1
            """, cancellationToken, feed, status, changed, (object?)etag ?? DBNull.Value, (object?)lastModified ?? DBNull.Value, nextDelay);

    /// <summary>A failed attempt: the stored data and validators stay as they were.</summary>
    public Task RecordFailureAsync(string feed, string error, int failures, TimeSpan nextDelay, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "update feed_pulls set failures = $3, last_error = $2, last_status = 'failed', next_attempt_at = now() + $4 where feed = $1",
            cancellationToken, feed, error, failures, nextDelay);

    public async Task<TimeSpan> TimeUntilDueAsync(string feed, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select greatest(next_attempt_at - now(), interval '0') from feed_pulls where feed = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = feed });
        return await command.ExecuteScalarAsync(cancellationToken) is TimeSpan due ? due : TimeSpan.Zero;
    }

    public async Task<IReadOnlyList<FeedPullState>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            select feed, url, etag, last_modified, last_attempt_at, last_success_at, last_changed_at, last_status, last_error, failures, next_attempt_at
            from feed_pulls order by feed
            """);
        var pulls = new List<FeedPullState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pulls.Add(new FeedPullState(
                reader.GetString(0), reader.GetString(1), Text(reader, 2), Text(reader, 3), Time(reader, 4), Time(reader, 5), Time(reader, 6),
                Text(reader, 7), Text(reader, 8), reader.GetInt32(9), reader.GetFieldValue<DateTimeOffset>(10)));
        }

        return pulls;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
