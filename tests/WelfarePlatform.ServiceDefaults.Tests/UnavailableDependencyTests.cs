using System.Net.Sockets;
using Azure;
using Npgsql;
using Shouldly;

namespace WelfarePlatform.ServiceDefaults.Tests;

public sealed class UnavailableDependencyTests
{
    [Fact]
    public void A_database_that_refuses_drops_or_is_shutting_down_is_unavailable()
    {
        UnavailableDependency.Of(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)))
            .ShouldBe(UnavailableDependency.Database);
        UnavailableDependency.Of(new NpgsqlException("Exception while reading from stream", new TimeoutException())).ShouldBe(UnavailableDependency.Database);
        UnavailableDependency.Of(new PostgresException("the database system is shutting down", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow))
            .ShouldBe(UnavailableDependency.Database);
    }

    [Fact]
    public void Blob_storage_that_does_not_answer_or_fails_itself_is_unavailable_also_after_the_clients_retries()
    {
        var refused = new RequestFailedException("Connection refused (127.0.0.1:10000)", new HttpRequestException("Connection refused"));
        UnavailableDependency.Of(refused).ShouldBe(UnavailableDependency.BlobStorage);
        UnavailableDependency.Of(new RequestFailedException(503, "Server busy")).ShouldBe(UnavailableDependency.BlobStorage);
        UnavailableDependency.Of(new AggregateException("Retry failed after 6 tries.", refused, refused)).ShouldBe(UnavailableDependency.BlobStorage);
    }

    [Fact]
    public void Blob_storage_that_accepts_the_connection_and_never_answers_is_unavailable()
    {
        // Each try ends at the client's network timeout (a hung or frozen storage service), the last one refused.
        var timedOut = new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:01:40.");
        var refused = new RequestFailedException("Connection refused (127.0.0.1:10000)", new HttpRequestException("Connection refused"));
        UnavailableDependency.Of(new AggregateException("Retry failed after 6 tries.", timedOut, timedOut)).ShouldBe(UnavailableDependency.BlobStorage);
        UnavailableDependency.Of(new AggregateException("Retry failed after 6 tries.", timedOut, refused)).ShouldBe(UnavailableDependency.BlobStorage);
        UnavailableDependency.Describe(new AggregateException("Retry failed after 6 tries.", refused, timedOut))
            .ShouldBe("Blob storage could not be reached or was too busy to answer: no answer within the storage client's network timeout");
    }

    [Fact]
    public void An_outage_is_described_by_what_was_down_and_its_last_failure_once_anything_else_by_its_message()
    {
        var refused = new RequestFailedException("Connection refused (127.0.0.1:10000)", new HttpRequestException("Connection refused"));
        UnavailableDependency.Describe(new AggregateException("Retry failed after 6 tries. Retry settings can be adjusted in ClientOptions.Retry.", refused, refused))
            .ShouldBe("Blob storage could not be reached or was too busy to answer: Connection refused (127.0.0.1:10000)");
        UnavailableDependency.Describe(new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)))
            .ShouldBe("The database could not be reached or was too busy to answer: Failed to connect to 127.0.0.1:5432");
        UnavailableDependency.Describe(new RequestFailedException(503, "Server busy\nRequestId:1\nHeaders: ...", "ServerBusy", null))
            .ShouldBe("Blob storage could not be reached or was too busy to answer: answered 503 (ServerBusy)");
        UnavailableDependency.Describe(new RequestFailedException(404, "The specified container does not exist.\nRequestId:1\nHeaders: ...", "ContainerNotFound", null))
            .ShouldBe("Blob storage answered 404 (ContainerNotFound)");
        UnavailableDependency.Describe(new InvalidOperationException("date/time field value out of range: infinity")).ShouldBe("date/time field value out of range: infinity");
    }

    [Fact]
    public void A_callers_mistake_a_bug_or_a_refusal_is_not_an_outage()
    {
        UnavailableDependency.Of(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)).ShouldBeNull();
        UnavailableDependency.Of(new RequestFailedException(403, "Server failed to authenticate the request")).ShouldBeNull();
        UnavailableDependency.Of(new RequestFailedException(404, "The specified blob does not exist")).ShouldBeNull();
        UnavailableDependency.Of(new AggregateException(new RequestFailedException(0, "refused"), new InvalidOperationException("bug"))).ShouldBeNull();
        UnavailableDependency.Of(new AggregateException()).ShouldBeNull();
        UnavailableDependency.Of(new InvalidOperationException("bug")).ShouldBeNull();
        UnavailableDependency.Of(null).ShouldBeNull();
    }
}
