using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.Server;

/// <summary>
/// <c>dotnet run --project src/EcoLedger.Server</c>: the registry server on loopback (<see cref="ServerApp.DefaultUrl"/>) over the ledger
/// file <c>EcoLedger:Database</c> (default: <c>$ECOLEDGER_DB</c> or <c>ecoledger.db</c>).
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>
    /// Starts the server. A start that fails says why in one line, with the exit codes of the CLI: 2 when the settings name something
    /// unusable (a file that is not a ledger database), 3 when the environment refuses (the port is taken, no permission, the database
    /// server is down); a defect's stack trace goes to a log file whose path is printed.
    /// </summary>
    /// <returns>The exit code.</returns>
    public static int Main(string[] args)
    {
        WebApplication app;
        try
        {
            app = ServerApp.Build(args);
            app.Start();
        }
        catch (LedgerException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 3;
        }
        catch (Exception e) when (StorageProvider.FindUnavailable(e) is { } server)
        {
            Console.Error.WriteLine($"error: the database server is not available: {server.Message}");
            return 3;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: internal error ({e.GetType().Name}: {e.Message}); this is a defect of ecoledger, please report it with {DefectLog.Write("ecoledger server (start)", e)}");
            return 3;
        }
        // As WebApplication.Run does after the start: wait for Ctrl+C or SIGTERM, then stop and dispose (the ledger's connections).
        app.WaitForShutdown();
        app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return 0;
    }
}
