using System.Text.Json;
using Npgsql;

namespace WelfarePlatform.SharingRequest.Requests;

/// <summary>Reading requests and writing their state rows.</summary>
public sealed partial class RequestStore
{
    private const string RequestColumns = """
        select request_id, agency, activity_class, state, datasets::text, purpose, legal_basis, period_from, period_to, retention_days,
               submitted_at, decide_by, decided_at
        from requests
        """;

    public async Task<SharingRequestView?> FindAsync(Guid requestId, CancellationToken cancellationToken) =>
        (await QueryAsync(RequestColumns + " where request_id = $1", [requestId], cancellationToken)).SingleOrDefault();

    /// <summary>Requests, newest first; <paramref name="agency"/> narrows to one agency's, <paramref name="state"/> to one state.</summary>
    public Task<IReadOnlyList<SharingRequestView>> ListAsync(string? agency, string? state, int limit, CancellationToken cancellationToken) =>
        QueryAsync(RequestColumns + " where ($1::text is null or agency = $1) and ($2::text is null or state = $2) order by submitted_at desc limit $3",
            [(object?)agency ?? DBNull.Value, (object?)state ?? DBNull.Value, limit], cancellationToken);

    private async Task<IReadOnlyList<SharingRequestView>> QueryAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = new List<SharingRequestView>();
        await using (var select = new NpgsqlCommand(sql, connection))
        {
            foreach (var value in parameters)
            {
                select.Parameters.Add(value is DBNull ? new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text } : new NpgsqlParameter { Value = value });
            }

            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var state = reader.GetString(3);
                rows.Add(new SharingRequestView(
                    reader.GetGuid(0), reader.GetString(1), reader.GetString(2), state,
                    RequestStates.IsAwaiting(state) ? state["awaiting_".Length..] : null,
                    JsonSerializer.Deserialize<List<RequestedDataset>>(reader.GetString(4), JsonSerializerOptions.Web) ?? [],
                    reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.GetFieldValue<DateOnly>(7), reader.GetFieldValue<DateOnly>(8), reader.GetInt32(9),
                    reader.GetFieldValue<DateTimeOffset>(10), reader.GetFieldValue<DateTimeOffset>(11),
                    reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12), []));
            }
        }

        if (rows.Count == 0)
        {
            return rows;
        }

        var transitions = await TransitionsAsync(connection, rows.Select(r => r.RequestId).ToArray(), cancellationToken);
        return rows.Select(r => r with { Transitions = transitions.GetValueOrDefault(r.RequestId) ?? [] }).ToList();
    }

    private static async Task<Dictionary<Guid, List<RequestTransition>>> TransitionsAsync(NpgsqlConnection connection, Guid[] requestIds, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("""
            select request_id, seq, at, from_state, to_state, actor, role, decision, reason
            from request_transitions where request_id = any($1) order by request_id, seq
            """, connection);
        select.Parameters.Add(new NpgsqlParameter { Value = requestIds });
        var byRequest = new Dictionary<Guid, List<RequestTransition>>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var requestId = reader.GetGuid(0);
            if (!byRequest.TryGetValue(requestId, out var list))
            {
                byRequest[requestId] = list = [];
            }

            list.Add(new RequestTransition(reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return byRequest;
    }

    private static async Task UpdateStateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid requestId, string state, int nextStep, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var update = new NpgsqlCommand("""
            update requests set state = $2, next_step = $3,
                decided_at = case when $2 in ('approved', 'refused') then $4 else decided_at end
            where request_id = $1
            """, connection, transaction);
        update.Parameters.Add(new NpgsqlParameter { Value = requestId });
        update.Parameters.Add(new NpgsqlParameter { Value = state });
        update.Parameters.Add(new NpgsqlParameter { Value = nextStep });
        update.Parameters.Add(new NpgsqlParameter { Value = now });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task AddTransitionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid requestId, int seq, DateTimeOffset at,
        string? fromState, string toState, string actor, string role, string? decision, string? reason, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("""
            insert into request_transitions (request_id, seq, at, from_state, to_state, actor, role, decision, reason)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, connection, transaction);
        insert.Parameters.Add(new NpgsqlParameter { Value = requestId });
        insert.Parameters.Add(new NpgsqlParameter { Value = seq });
        insert.Parameters.Add(new NpgsqlParameter { Value = at });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)fromState ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = toState });
        insert.Parameters.Add(new NpgsqlParameter { Value = actor });
        insert.Parameters.Add(new NpgsqlParameter { Value = role });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)decision ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)reason ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
