using System.Net;
using System.Net.Sockets;

namespace WelfarePlatform.TestInfrastructure;

public static class FreePort
{
    // Below Linux's ephemeral range (32768+): an outgoing connection never takes a stopped server's port.
    // Above 23000-24999, the default ports of dev/run and dev/test-browser (dev/lib/common.sh).
    private const int First = 25000;
    private const int Last = 32000;
    private static readonly HashSet<int> Taken = [];

    /// <summary>A port nobody listens on now and this process has not handed out before.</summary>
    public static int Next()
    {
        lock (Taken)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var port = Random.Shared.Next(First, Last);
                if (!Taken.Contains(port) && CanBind(port))
                {
                    Taken.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free port on 127.0.0.1 between {First} and {Last}.");
    }

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
