namespace EcoLedger.IO;

/// <summary>
/// The process's <see cref="TemporaryPathSet"/>: the staging folders and temporary files of the running command, which the
/// CLI host deletes when Ctrl-C or SIGTERM stops the command (<see cref="TemporaryPathSet.Interrupt"/>).
/// </summary>
public static class TemporaryPaths
{
    /// <summary>The set of this process.</summary>
    public static TemporaryPathSet Process { get; } = new();

    /// <inheritdoc cref="TemporaryPathSet.IsInterrupted"/>
    public static bool IsInterrupted => Process.IsInterrupted;

    /// <inheritdoc cref="TemporaryPathSet.Add"/>
    public static IDisposable Add(string path) => Process.Add(path);

    /// <inheritdoc cref="TemporaryPathSet.BeginCommit"/>
    public static IDisposable BeginCommit() => Process.BeginCommit();

    /// <inheritdoc cref="TemporaryPathSet.Interrupt"/>
    public static InterruptCleanup Interrupt() => Process.Interrupt();

    /// <inheritdoc cref="TemporaryPathSet.WaitIfInterrupted"/>
    public static bool WaitIfInterrupted() => Process.WaitIfInterrupted();
}
