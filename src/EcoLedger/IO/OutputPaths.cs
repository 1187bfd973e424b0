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

    /// <summary>True when the two paths name the same file, compared as full paths.</summary>
    public static bool Same(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), PathComparison);
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
        if (Overwritten(output, inputs) is { } input)
        {
            return OverwriteMessage(option, output, input);
        }
        return Directory.Exists(output) ? $"{option}: '{output}': is a folder; expected {expected}." : null;
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

    /// <summary>The message for an output that is one of the inputs.</summary>
    public static string OverwriteMessage(string option, string output, CommandInputFile input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return $"{option}: '{output}': would overwrite {input.Description}; expected an output file that is none of the command's inputs.";
    }
}
