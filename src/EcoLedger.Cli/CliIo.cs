namespace EcoLedger.Cli;

/// <summary>Where a command writes: standard output for results, standard error for diagnostics.</summary>
/// <param name="Out">Results (tables, JSON).</param>
/// <param name="Err">Warnings and errors, one per line.</param>
/// <param name="Interactive">True on a terminal: progress bars allowed.</param>
public sealed record CliIo(TextWriter Out, TextWriter Err, bool Interactive)
{
    /// <summary>The process console.</summary>
    public static CliIo Console => new(System.Console.Out, System.Console.Error,
        !System.Console.IsOutputRedirected && !System.Console.IsErrorRedirected);
}

/// <summary>A user error: printed as one line <c>error: message</c>, exit code non-zero, nothing written.</summary>
public sealed class CliException(string message, int exitCode = 2) : Exception(message)
{
    /// <summary>The process exit code (2 for bad input, 1 for a failed check).</summary>
    public int ExitCode { get; } = exitCode;
}
