namespace EcoLedger.IO;

/// <summary>
/// Where the stack trace of a defect goes, so that a terminal shows one line and the trace is still there to report: a new file in the
/// temporary folder, named by time, process and a random part.
/// </summary>
public static class DefectLog
{
    /// <summary>Writes <paramref name="heading"/> and the exception to a new log file; returns its path, or why it could not be written.</summary>
    /// <param name="heading">The first line: the program and what it was asked (a CLI's command line; a server's name only, as its
    /// settings may hold a database password).</param>
    /// <param name="exception">The defect.</param>
    public static string Write(string heading, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(heading);
        ArgumentNullException.ThrowIfNull(exception);
        string log = Path.Combine(Path.GetTempPath(), $"ecoledger-error-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}-{Environment.ProcessId}-{Guid.NewGuid():N}.log");
        try
        {
            File.WriteAllText(log, $"{heading}{Environment.NewLine}{exception}{Environment.NewLine}");
            return log;
        }
        catch (Exception logError) when (logError is IOException or UnauthorizedAccessException)
        {
            return "(the log could not be written: " + logError.Message + ")";
        }
    }
}
