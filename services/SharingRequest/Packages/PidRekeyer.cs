using System.Security.Cryptography;
using System.Text;

namespace WelfarePlatform.SharingRequest.Packages;

/// <summary>
/// Re-keys the platform's pids for one package: HMAC-SHA256 of the pid under the package's own key,
/// so the recipient can join the package's datasets to each other but not to another recipient's
/// package nor to the platform's pids (ARCHITECTURE.md §7, ENISA pseudonymisation guidance).
/// One keyed HMAC is reused for every pid, written as lowercase hex straight into the caller's buffer.
/// Not thread-safe: one instance per dataset being written.
/// </summary>
public sealed class PidRekeyer(byte[] key) : IDisposable
{
    /// <summary>A re-keyed pid: 64 lowercase hex characters.</summary>
    public const int Length = 64;

    private readonly IncrementalHash hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
    private readonly byte[] mac = new byte[32];

    /// <summary>Writes the re-keyed form of the UTF-8 <paramref name="pid"/> into <paramref name="hex"/>; answers <see cref="Length"/>.</summary>
    public int Rekey(ReadOnlySpan<byte> pid, Span<byte> hex)
    {
        if (pid.Length > 128)
        {
            throw new FormatException($"A pid has 64 characters; the export gave one of {pid.Length}.");
        }

        hmac.AppendData(pid);
        hmac.GetHashAndReset(mac);
        return Convert.TryToHexStringLower(mac, hex, out var written) ? written : throw new ArgumentException("The buffer holds fewer than 64 bytes.", nameof(hex));
    }

    public string Rekey(string pid)
    {
        Span<byte> hex = stackalloc byte[Length];
        Rekey(Encoding.UTF8.GetBytes(pid), hex);
        return Encoding.ASCII.GetString(hex);
    }

    public void Dispose() => hmac.Dispose();
}
