namespace EcoLedger.IO;

/// <summary>Writes a set of files so that either all of them land in the output folder or none does.</summary>
public static class AtomicDirectory
{
    /// <summary>
    /// Runs <paramref name="write"/> on a fresh temporary folder beside <paramref name="outDir"/>, then moves the files
    /// into <paramref name="outDir"/> (created if needed, same-named files replaced). If <paramref name="write"/> throws,
    /// the temporary folder is deleted and <paramref name="outDir"/> is untouched.
    /// </summary>
    /// <param name="outDir">The output folder.</param>
    /// <param name="write">Writes the files into the folder it is given.</param>
    /// <param name="owned">
    /// Every name the writer may write, whatever its options: those this run did not write are removed from <paramref name="outDir"/>,
    /// so a reused folder never pairs this run's files with an earlier run's. Files of other names (the user's) are kept. Null keeps all.
    /// </param>
    public static void Write(string outDir, Action<string> write, IEnumerable<string>? owned = null)
    {
        ArgumentNullException.ThrowIfNull(outDir);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(outDir);
        if (File.Exists(full))
        {
            throw new OutputPathException($"{outDir}: is a file; expected a folder for the output.");
        }
        string parent = Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar)) ?? full;
        Directory.CreateDirectory(parent);
        string temp = Path.Combine(parent, $".{Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar))}.tmp-{Guid.NewGuid():N}");
        using var registration = TemporaryPaths.Add(temp);
        Directory.CreateDirectory(temp);
        try
        {
            write(temp);
            using var commit = TemporaryPaths.BeginCommit();
            if (!Directory.Exists(full))
            {
                Directory.Move(temp, full);
                return;
            }
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (string file in Directory.GetFiles(temp))
            {
                written.Add(Path.GetFileName(file));
                File.Move(file, Path.Combine(full, Path.GetFileName(file)), overwrite: true);
            }
            foreach (string name in owned ?? [])
            {
                if (!written.Contains(name))
                {
                    File.Delete(Path.Combine(full, name));
                }
            }
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }
}

/// <summary>Writes one file so that readers see the old content or the complete new one, never a part (reports, bundles).</summary>
public static class AtomicFile
{
    /// <summary>Runs <paramref name="write"/> on a temporary file in the same folder, then moves it onto <paramref name="path"/>; on failure the temporary file is deleted and <paramref name="path"/> is untouched.</summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        using var registration = TemporaryPaths.Add(temp);
        try
        {
            write(temp);
            using var commit = TemporaryPaths.BeginCommit();
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
