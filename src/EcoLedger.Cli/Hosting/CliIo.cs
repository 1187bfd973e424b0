namespace EcoLedger.Cli.Hosting;

/// <summary>Where a command writes: standard output for results, standard error for diagnostics.</summary>
/// <param name="Out">Results (tables, JSON).</param>
/// <param name="Err">Warnings and errors, one per line.</param>
/// <param name="Interactive">True on a terminal: progress bars allowed.</param>
public sealed record CliIo(TextWriter Out, TextWriter Err, bool Interactive)
{
    /// <summary>The process console.</summary>
    public static CliIo Console => new(System.Console.Out, System.Console.Error,
        !System.Console.IsOutputRedirected && !System.Console.IsErrorRedirected);

    /// <summary>Standard input, for verbs that read a stream (<c>monitor follow -</c>).</summary>
    public TextReader In { get; init; } = System.Console.In;
}

/// <summary>A user error: printed as one line <c>error: message</c>, exit code non-zero, nothing written.</summary>
public sealed class CliException(string message, int exitCode = 2) : Exception(message)
{
    /// <summary>The process exit code (2 for bad input, 1 for a failed check).</summary>
    public int ExitCode { get; } = exitCode;
}

/// <summary>Runs one <c>ecoledger</c> command line (the demo runs the other verbs through it, as a user would type them).</summary>
/// <param name="args">The arguments after <c>ecoledger</c>.</param>
/// <param name="io">Where output goes.</param>
/// <returns>The exit code.</returns>
public delegate int VerbRunner(string[] args, CliIo io);
