using System.Runtime.InteropServices;

namespace WelfarePlatform.Eligibility.Evaluations;

/// <summary>
/// A full run's arrays (tens of megabytes each, about 650 MB for 1M people), backed by transparent
/// huge pages where Linux gives them on request (<c>/sys/kernel/mm/transparent_hugepage/enabled</c>
/// "madvise", the default of many distributions): the first touch of each fresh 4 KB page is a page
/// fault, and in a virtual machine those cost a second or more of CPU per run (512 MB written:
/// 0.6-1.7 s in 4 KB pages, 0.2-0.6 s in 2 MB ones, on the project's build machine). Elsewhere, or if
/// the kernel declines, the arrays are ordinary ones.
/// </summary>
internal static partial class LargeArrays
{
    private const int HugePage = 2 << 20;
    private const int AdviseHugePages = 14; // MADV_HUGEPAGE

    /// <summary>A zeroed array of <paramref name="length"/> elements.</summary>
    public static T[] New<T>(int length) where T : unmanaged
    {
        if ((long)length * Marshal.SizeOf<T>() < 2 * HugePage || !OperatingSystem.IsLinux())
        {
            return new T[length];
        }

        // The collector zeroes only memory it hands out again; memory fresh from the system is zero
        // already and untouched until used, so the advice comes before its first page fault.
        var array = new T[length];
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            var start = (handle.AddrOfPinnedObject() + (HugePage - 1)) & ~(nint)(HugePage - 1);
            var end = (handle.AddrOfPinnedObject() + (nint)((long)length * Marshal.SizeOf<T>())) & ~(nint)(HugePage - 1);
            _ = Advise(start, (nuint)(end - start), AdviseHugePages); // only advice: a refusal leaves ordinary pages
        }
        finally
        {
            handle.Free();
        }

        return array;
    }

    /// <summary>A larger copy of <paramref name="array"/> (<see cref="Array.Resize{T}"/> with <see cref="New{T}"/>'s pages).</summary>
    public static T[] Resize<T>(T[] array, int length) where T : unmanaged
    {
        var resized = New<T>(length);
        array.AsSpan(0, Math.Min(array.Length, length)).CopyTo(resized);
        return resized;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Advise(nint address, nuint length, int advice);
}
