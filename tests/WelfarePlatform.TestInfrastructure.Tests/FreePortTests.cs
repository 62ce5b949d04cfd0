using System.Globalization;

namespace WelfarePlatform.TestInfrastructure.Tests;

public sealed class FreePortTests
{
    [Fact]
    public void A_port_handed_out_is_reserved_against_other_test_processes()
    {
        var port = FreePort.Next();

        var reservation = Path.Combine(Path.GetTempPath(), "welfare-test-ports", port.ToString(CultureInfo.InvariantCulture));
        File.Exists(reservation).ShouldBeTrue();
        // What another process's FreePort does before handing the port out: it cannot create the reservation, so it picks another.
        Should.Throw<IOException>(() => new FileStream(reservation, FileMode.CreateNew, FileAccess.Write).Dispose());
    }

    [Fact]
    public void Ports_handed_out_in_one_process_are_all_different()
    {
        var ports = Enumerable.Range(0, 50).Select(_ => FreePort.Next()).ToList();

        ports.Distinct().Count().ShouldBe(ports.Count);
        ports.ShouldAllBe(p => p >= 25000 && p < 32000);
    }
}
