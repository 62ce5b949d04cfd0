namespace WelfarePlatform.FaultTests;

internal static class ProcStatus
{
    /// <summary>VmRSS in KiB from /proc/PID/status, or null when the process is gone.</summary>
    public static long? RssKib(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
