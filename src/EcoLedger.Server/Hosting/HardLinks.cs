using System.Runtime.InteropServices;

namespace EcoLedger.Server.Hosting;

/// <summary>
/// Places a stored upload in a run's folder as a second name of the same file where the file system allows it, else as a copy.
/// Uploads are content-addressed and never written again, so a run's inputs need no bytes of their own: a run from a set of
/// multi-gigabyte rasters would otherwise double the disk it takes, and the link still keeps the bytes when retention removes
/// the upload's own name.
/// </summary>
/// <remarks>Written by hand: .NET has no API for hard links (only <see cref="File.CreateSymbolicLink"/>, which would dangle
/// once retention removes the upload). POSIX <c>link(2)</c> on Linux and macOS; elsewhere, or across file systems, a copy.</remarks>
public static class HardLinks
{
    /// <summary>Makes <paramref name="target"/> a hard link to <paramref name="source"/>, or a copy of it when no link can be made.</summary>
    /// <returns>True when a link was made, false when the file was copied.</returns>
    public static bool LinkOrCopy(string source, string target)
    {
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && TryLink(source, target))
        {
            return true;
        }
        File.Copy(source, target);
        return false;
    }

    private static bool TryLink(string source, string target)
    {
        try
        {
            return Link(source, target) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // DllImport rather than LibraryImport, whose generated marshalling needs unsafe code in the project.
    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
