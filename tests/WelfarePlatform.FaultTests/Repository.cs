using System.Runtime.CompilerServices;

namespace WelfarePlatform.FaultTests;

internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find([CallerFilePath] string thisFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(thisFile)! })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "WelfarePlatform.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No WelfarePlatform.sln above {AppContext.BaseDirectory}.");
    }
}
