namespace WelfarePlatform.DataGen.Output;

/// <summary>Opens output files the way the hot paths want them: unbuffered by the stream (RowBuffer buffers), sequential.</summary>
internal static class DataFile
{
    public static FileStream Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
    }
}
