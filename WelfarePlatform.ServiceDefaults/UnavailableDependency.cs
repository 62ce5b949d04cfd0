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
        // The storage client gives up with every try's failure in one AggregateException: a try that
        // storage never answered ends at the client's network timeout as a cancellation. (The services
        // await, never Wait, so no other AggregateException of cancellations reaches here.)
        AggregateException { InnerExceptions.Count: > 0 } aggregate
            when aggregate.InnerExceptions.All(inner => inner is OperationCanceledException || Of(inner) == BlobStorage) => BlobStorage,
        _ => null,
    };

    /// <summary>"Blob storage could not be reached or was too busy to answer" (what was down, not where), or null when the exception is not an outage.</summary>
    public static string? Outage(Exception exception) => Of(exception) is { } dependency ? $"{dependency} could not be reached or was too busy to answer" : null;

    /// <summary>
    /// For an operator's status line: what was down and its last failure, once. The storage client's
    /// own messages repeat every try's failure, its retry settings, the request id and every header.
    /// </summary>
    public static string Describe(Exception exception) => Outage(exception) is { } outage
        ? $"{outage}: {Short(exception is AggregateException aggregate ? aggregate.InnerExceptions[^1] : exception)}"
        : exception is Azure.RequestFailedException { Status: > 0 } ? $"Blob storage {Short(exception)}" : exception.Message;

    private static string Short(Exception exception) => exception switch
    {
        Azure.RequestFailedException { Status: > 0 } answered => $"answered {answered.Status} ({answered.ErrorCode})",
        OperationCanceledException => "no answer within the storage client's network timeout",
        _ => exception.Message,
    };
}
