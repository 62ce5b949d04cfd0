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
