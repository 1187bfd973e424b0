using System.Runtime.InteropServices;
using EcoLedger.IO;

namespace EcoLedger.Cli.Hosting;

/// <summary>
/// What the process does on Ctrl-C (SIGINT) or SIGTERM: removes the temporary files and folders of the running command
/// (<see cref="TemporaryPaths"/>), says so in one line and exits with the shell's code for the signal (128 + its number).
/// Without it the runtime ends the process at once, and a run's staging folder (hundreds of MB for a million units) stays
/// beside the output folder for good.
/// </summary>
internal static class Interrupts
{
    private static int _handling;

    /// <summary>Handles both signals until the result is disposed. For the process's own <c>Main</c> only, never a test.</summary>
    public static IDisposable Install(TextWriter err) => new Handlers(
        PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Handle(context, "SIGINT", 130, err)),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Handle(context, "SIGTERM", 143, err)));

    /// <summary>The line printed for an interrupt, given what the clean-up found.</summary>
    public static string Message(string signal, InterruptCleanup cleanup)
    {
        ArgumentNullException.ThrowIfNull(cleanup);
        string what = !cleanup.Tracked ? $"interrupted ({signal}): the command was stopped."
            : cleanup.Committed ? $"interrupted ({signal}): the command was stopped after putting part of its output in place (each file or folder whole); its temporary files were removed."
            : $"interrupted ({signal}): the command was stopped and nothing was written; its temporary files were removed.";
        return cleanup.Left.Count == 0 ? what : $"{what[..^1]}, except {string.Join(", ", cleanup.Left.Select(p => $"'{p}'"))}, which could not be deleted.";
    }

    private static void Handle(PosixSignalContext context, string signal, int exitCode, TextWriter err)
    {
        // The process is going to exit either way: the runtime's own handling (ending it at once) is replaced by ours.
        context.Cancel = true;
        if (Interlocked.Exchange(ref _handling, 1) == 1)
        {
            // A second signal while the first is being handled: that one exits when its clean-up is done.
            return;
        }
        var cleanup = TemporaryPaths.Interrupt();
        err.WriteLine(Message(signal, cleanup));
        err.Flush();
        Environment.Exit(exitCode);
    }

    private sealed class Handlers(params PosixSignalRegistration[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var r in registrations)
            {
                r.Dispose();
            }
        }
    }
}
