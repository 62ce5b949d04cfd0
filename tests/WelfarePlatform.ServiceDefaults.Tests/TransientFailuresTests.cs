using Npgsql;
using Shouldly;
using WelfarePlatform.ServiceDefaults.Messaging;

namespace WelfarePlatform.ServiceDefaults.Tests;

public sealed class TransientFailuresTests
{
    [Fact]
    public void A_command_timeout_a_dropped_connection_and_a_restarting_server_are_transient()
    {
        TransientFailures.IsTransient(new NpgsqlException("Exception while reading from stream", new TimeoutException())).ShouldBeTrue();
        TransientFailures.IsTransient(new NpgsqlException("Exception while writing to stream", new IOException("reset"))).ShouldBeTrue();
        TransientFailures.IsTransient(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown)).ShouldBeTrue();
        TransientFailures.IsTransient(new InvalidOperationException("wrapped", new TimeoutException())).ShouldBeTrue();
    }

    [Fact]
    public void A_constraint_violation_or_a_bug_is_not_transient()
    {
        TransientFailures.IsTransient(new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)).ShouldBeFalse();
        TransientFailures.IsTransient(new InvalidOperationException("bug")).ShouldBeFalse();
        TransientFailures.IsTransient(new FormatException("bad change set line")).ShouldBeFalse();
    }
}
