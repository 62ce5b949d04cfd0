using System.Security.Cryptography;
using System.Text;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// Re-keys the platform's pids for one package: HMAC-SHA256 of the pid under the package's own key,
/// so the recipient can join the package's datasets to each other but not to another recipient's
/// package nor to the platform's pids (ARCHITECTURE.md §7, ENISA pseudonymisation guidance).
/// Not thread-safe: one instance per dataset being written.
/// </summary>
public sealed class PidRekeyer(byte[] key) : IDisposable
{
    private readonly IncrementalHash hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
    private readonly byte[] input = new byte[128];
    private readonly byte[] mac = new byte[32];

    public string Rekey(string pid)
    {
        if (pid.Length > input.Length)
        {
            throw new FormatException($"A pid has 64 characters; the export gave one of {pid.Length}.");
        }

        var length = Encoding.ASCII.GetBytes(pid, input);
        hmac.AppendData(input, 0, length);
        hmac.GetHashAndReset(mac);
        return Convert.ToHexStringLower(mac);
    }

    public void Dispose() => hmac.Dispose();
}
