using Npgsql;

namespace WelfarePlatform.Eligibility.Facts;

/// <summary>
/// One writer of facts and determinations at a time, across replicas and concurrent consumers: a
/// transaction-scoped advisory lock, released at commit or rollback. Without it an evidence change
/// set applied while a registration change set was still uncommitted found none of its people in
/// <c>person_facts</c> (nothing re-evaluated), and the registration's evaluation, deciding in one
/// statement, saw none of that evidence: the fault suite's people all came out "unknown".
/// </summary>
internal static class FactsLock
{
    private const long Key = 0x454C_4947_0001; // "ELIG" 1

    public static async Task AcquireAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var acquire = new NpgsqlCommand($"select pg_advisory_xact_lock({Key})", connection, transaction);
        await acquire.ExecuteNonQueryAsync(cancellationToken);
    }
}
