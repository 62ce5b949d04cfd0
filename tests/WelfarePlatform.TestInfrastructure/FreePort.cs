using System.Net;
using System.Net.Sockets;

namespace WelfarePlatform.TestInfrastructure;

public static class FreePort
{
    // Below Linux's ephemeral range (32768+): an outgoing connection never takes a stopped server's port.
    // Above 23000-24999, the default ports of dev/run and dev/test-browser (dev/lib/common.sh).
    private const int First = 25000;
    private const int Last = 32000;

    // dotnet test runs test projects side by side: a port is also reserved across processes, by a
    // file only one of them can create, so two processes never pick the same port between the pick and the bind.
    private static readonly string Reservations = Path.Combine(Path.GetTempPath(), "welfare-test-ports");
    private static readonly TimeSpan Abandoned = TimeSpan.FromHours(6);
    private static readonly HashSet<int> Taken = [];

    static FreePort() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Release();

    /// <summary>A port nobody listens on now and no test process has been handed before.</summary>
    public static int Next()
    {
        lock (Taken)
        {
            Directory.CreateDirectory(Reservations);
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(First, Last);
                if (!Taken.Contains(port) && Reserve(port))
                {
                    Taken.Add(port);
                    if (CanBind(port))
                    {
                        return port;
                    }
                }
            }
        }

        throw new InvalidOperationException($"No free port on 127.0.0.1 between {First} and {Last}.");
    }

    private static bool Reserve(int port)
    {
        var path = ReservationOf(port);
        try
        {
            // A reservation a killed process left behind is taken over once it is hours old.
            if (File.Exists(path) && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > Abandoned)
            {
                File.Delete(path);
            }

            using var reservation = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void Release()
    {
        lock (Taken)
        {
            foreach (var port in Taken)
            {
                try
                {
                    File.Delete(ReservationOf(port));
                }
                catch (IOException)
                {
                    // Taken over by a later run once it is hours old.
                }
            }
        }
    }

    private static string ReservationOf(int port) => Path.Combine(Reservations, port.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
