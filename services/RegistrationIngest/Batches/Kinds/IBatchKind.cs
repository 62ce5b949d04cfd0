using Npgsql;

namespace WelfarePlatform.RegistrationIngest.Batches.Kinds;

/// <summary>
/// What differs between the kinds of batch file: their columns, their rows' rules and key, their
/// staging table and how staged rows merge into the registry. <see cref="BatchLoader"/> runs the rest
/// (reading, file-level failures, COPY, transaction, change set, event) once for all kinds.
/// </summary>
internal interface IBatchKind
{
    string Kind { get; }
    IReadOnlyList<string> RequiredColumns { get; }
    IReadOnlyList<string> KnownColumns { get; }

    /// <summary>
    /// Creates this kind's temporary staging table (dropped at commit), or prepares a direct load:
    /// true when the rows are copied straight into their table and the change set is written as they
    /// are (a first load into an empty table, where every row is new).
    /// </summary>
    Task<bool> PrepareAsync(ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Checks every data row, copies the accepted ones into staging (or their table) and records the rejected ones.</summary>
    Task StageAsync(CsvRecordReader records, CsvHeader header, ClaimedBatch batch, NpgsqlConnection connection, bool direct, BatchOutcome outcome, ChangeSetWriter changes, CancellationToken cancellationToken);

    /// <summary>Merges the staged rows set-based, keeping history, and writes the change set's lines; after a direct load, finishes the table.</summary>
    Task MergeAsync(ClaimedBatch batch, NpgsqlConnection connection, NpgsqlTransaction transaction, bool direct, BatchOutcome outcome, ChangeSetWriter changes, CancellationToken cancellationToken);
}
