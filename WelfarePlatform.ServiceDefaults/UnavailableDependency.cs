namespace WelfarePlatform.ServiceDefaults;

/// <summary>
/// Which of a service's dependencies an exception says could not be reached or was too busy to
/// answer: the request failed through no fault of the caller, and trying again later may succeed.
/// </summary>
public static class UnavailableDependency
{
    public const string Database = "The database";
    public const string BlobStorage = "Blob storage";

    /// <summary><see cref="Database"/>, <see cref="BlobStorage"/>, or null when the exception is not an outage.</summary>
    public static string? Of(Exception? exception) => exception switch
    {
        // Npgsql marks a refused or broken connection, a timeout, a server shutting down or starting
        // up, too many connections, a deadlock or a serialization failure as transient.
        Npgsql.NpgsqlException { IsTransient: true } => Database,
        // Status 0: no answer at all (refused, reset, timed out); 5xx: the storage service's own failure.
        Azure.RequestFailedException { Status: 0 or >= 500 } => BlobStorage,
        // The storage client gives up with every try's failure in one AggregateException.
        AggregateException { InnerExceptions.Count: > 0 } aggregate when aggregate.InnerExceptions.All(inner => Of(inner) == BlobStorage) => BlobStorage,
        _ => null,
    };
}
