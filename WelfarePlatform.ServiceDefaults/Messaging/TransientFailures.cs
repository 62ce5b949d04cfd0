using Npgsql;

namespace WelfarePlatform.ServiceDefaults.Messaging;

/// <summary>Failures that a later attempt of the same message can get past without any change to it.</summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                // Npgsql marks broken connections, timeouts, serialization failures and the server
                // shutting down or starting up (57P01-57P03, 53xxx) as transient.
                case NpgsqlException { IsTransient: true }:
                case TimeoutException:
                case System.Net.Sockets.SocketException:
                case IOException:
                    return true;
            }
        }

        return false;
    }
}
