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

    /// <summary>The message for an output that is one of the inputs.</summary>
    public static string OverwriteMessage(string option, string output, CommandInputFile input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return $"{option}: '{output}': would overwrite {input.Description}; expected an output file that is none of the command's inputs.";
    }
}
