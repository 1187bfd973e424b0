namespace EcoLedger.IO;

/// <summary>An input file of a command, as messages name it.</summary>
/// <param name="Description">How the user gave it, e.g. <c>--units 'u.geojson'</c>, or <c>landcover.classes of --rasters 'r.json' ('/data/cnlucc.csv')</c>.</param>
/// <param name="Path">The file.</param>
public sealed record CommandInputFile(string Description, string Path)
{
    /// <summary>A file given by a command-line option (or a request member of the same name).</summary>
    public static CommandInputFile Option(string option, string path) => new($"{option} '{path}'", path);
}

/// <summary>
/// An output path the command cannot write to as asked (a file where the output folder should be): bad input, which hosts report as
/// such (the CLI exits 2), not an environment failure. An <see cref="IOException"/> so that code which treats every file-system
/// refusal alike still does.
/// </summary>
public sealed class OutputPathException(string message) : IOException(message);

/// <summary>
/// Checks an output path against the command's own inputs before anything is computed: a command that wrote over one
/// of its inputs would destroy the data it was given and still report success.
/// </summary>
public static class OutputPaths
{
    // Windows and macOS file systems ignore case by default, so there two spellings of a name are one file.
    private static readonly StringComparison PathComparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>
    /// True when the two paths name the same file: compared as full paths with every symbolic link in them followed, so that a link
    /// to an input (or a path through a linked folder) is recognised as the input. Hard links are not recognised (.NET exposes no
    /// file identity).
    /// </summary>
    public static bool Same(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(Resolved(a), Resolved(b), PathComparison);
    }

    // Linux gives up after 40 links in one look-up (ELOOP); a longer chain is a cycle.
    private const int MaxLinks = 40;

    /// <summary>
    /// The full path of <paramref name="path"/> with the symbolic links among its existing parts followed, as realpath(3) gives it;
    /// the parts that do not exist yet (an output to be created) are kept as written. Written here because .NET resolves a link
    /// only in the last part of a path (<see cref="FileSystemInfo.ResolveLinkTarget"/>), not in the folders above it.
    /// </summary>
    public static string Resolved(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        int links = 0;
        return Resolve(Path.GetFullPath(path), ref links);
    }

    private static string Resolve(string full, ref int links)
    {
        string root = Path.GetPathRoot(full) ?? "";
        string current = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    return Path.GetFullPath(full); // a cycle: the path names no file, so as written is as good as any
                }
                // A relative target is relative to the link's own folder; the target may itself pass through links.
                current = Resolve(Path.GetFullPath(target, Path.GetDirectoryName(current) ?? root), ref links);
            }
        }
        return current;
    }

    /// <summary>The first of <paramref name="inputs"/> that writing <paramref name="output"/> would overwrite, or null.</summary>
    public static CommandInputFile? Overwritten(string output, IEnumerable<CommandInputFile> inputs)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.FirstOrDefault(i => Same(output, i.Path));
    }

    /// <summary>
    /// Why the file <paramref name="output"/>, given as <paramref name="option"/>, may not be written, or null: it is one of
    /// <paramref name="inputs"/>, or an existing folder.
    /// </summary>
    /// <param name="option">The option that names the output, e.g. <c>--out</c>.</param>
    /// <param name="output">The output file as given.</param>
    /// <param name="expected">What the option should name, for the folder message, e.g. <c>the CSV file to write</c>.</param>
    /// <param name="inputs">The command's inputs.</param>
    public static string? FileProblem(string option, string output, string expected, IEnumerable<CommandInputFile> inputs)
    {
        ArgumentNullException.ThrowIfNull(option);
        if (DashProblem(option, output) is { } dash)
        {
            return dash;
        }
        if (Overwritten(output, inputs) is { } input)
        {
            return OverwriteMessage(option, output, input);
        }
        return Directory.Exists(output) ? $"{option}: '{output}': is a folder; expected {expected}." : null;
    }

    /// <summary>
    /// Why <paramref name="output"/>, given as <paramref name="option"/>, is refused as an output file name, or null: <c>-</c>, which
    /// many tools read as standard output. No output file option of EcoLedger writes to standard output (a command that can print its
    /// result does so when the option is left out), so <c>-</c> would silently become a file named '-'.
    /// </summary>
    public static string? DashProblem(string option, string output)
    {
        ArgumentNullException.ThrowIfNull(option);
        return output == "-" ? $"{option}: '-' is not standard output here; expected the name of the file to write." : null;
    }

    /// <summary>
    /// Creates the output folder <paramref name="outDir"/> if needed; throws <see cref="OutputPathException"/> when it names an
    /// existing file, which the framework would report only as "the file already exists", naming no option and no remedy.
    /// </summary>
    public static void CreateFolder(string outDir)
    {
        ArgumentNullException.ThrowIfNull(outDir);
        if (File.Exists(outDir))
        {
            throw new OutputPathException($"{outDir}: is a file; expected a folder for the output.");
        }
        Directory.CreateDirectory(outDir);
    }

    /// <summary>
    /// Why the output folder <paramref name="outDir"/> may not be written into, or null (a sentence for the caller to put after its
    /// option, e.g. <c>--out: </c>): it is one of the input folders, a run folder the command reads, so its outputs would mix with
    /// that run's files (a zoning written into the GEP run it reads). A folder that merely holds an input file is allowed: the
    /// command's outputs have names of their own. Checked before anything is read, so a refused run changes nothing.
    /// </summary>
    /// <param name="outDir">The output folder as given.</param>
    /// <param name="inputFolders">The folders the command reads, e.g. <c>--gep</c>.</param>
    public static string? FolderProblem(string outDir, IEnumerable<CommandInputFile> inputFolders)
    {
        ArgumentNullException.ThrowIfNull(outDir);
        ArgumentNullException.ThrowIfNull(inputFolders);
        return inputFolders.FirstOrDefault(f => Same(outDir, f.Path)) is { } folder
            ? $"'{outDir}': is {folder.Description}, an input folder; expected an output folder that is none of the run folders the command reads."
            : null;
    }

    /// <summary>The message for an output that is one of the inputs.</summary>
    public static string OverwriteMessage(string option, string output, CommandInputFile input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return $"{option}: '{output}': would overwrite {input.Description}; expected an output file that is none of the command's inputs.";
    }
}
