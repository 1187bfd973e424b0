using System.CommandLine;
using System.CommandLine.Help;
using EcoLedger.Cli.Commands;
using EcoLedger.Cli.Demo;
using EcoLedger.Cli.Hosting;

namespace EcoLedger.Cli;

/// <summary>The <c>ecoledger</c> command: parses arguments, calls the core, prints.</summary>
public static class Program
{
    /// <summary>The command's name, as installed by <c>dotnet tool install</c> and shown in help.</summary>
    public const string CommandName = "ecoledger";

    public static int Main(string[] args)
    {
        using var interrupts = Interrupts.Install(System.Console.Error);
        int code = Run(args, CliIo.Console);
        // A command that ended while an interrupt was being handled: the handler exits with the signal's code.
        EcoLedger.IO.TemporaryPaths.WaitIfInterrupted();
        return code;
    }

    /// <summary>Runs one command line with the given output streams (tests call this in-process).</summary>
    public static int Run(string[] args, CliIo io)
    {
        // A plain command, not RootCommand, so help says "ecoledger" whatever the assembly is called (EcoLedger.Cli).
        var root = new Command(CommandName, "EcoLedger: ecological-product value accounting (GEP), zoning and a carbon-sink ledger.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(GepCommands.Create(io));
        root.Subcommands.Add(ZonesCommands.Create(io));
        root.Subcommands.Add(UnitsCommands.Create(io));
        root.Subcommands.Add(LedgerCommands.Create(io));
        root.Subcommands.Add(CompensationCommands.Create(io));
        root.Subcommands.Add(MonitorCommands.Create(io));
        root.Subcommands.Add(DemoCommands.Create(io, Run));
        root.Subcommands.Add(PricingCommands.Price(io));
        root.Subcommands.Add(PricingCommands.Value(io));
        root.Subcommands.Add(PricingCommands.Bank(io));
        root.Subcommands.Add(ReportCommands.Create(io));
        root.Subcommands.Add(AuditCommands.Create(io));
        var config = new InvocationConfiguration { Output = io.Out, Error = io.Err, EnableDefaultExceptionHandler = false };
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && !AsksForHelp(parsed))
            {
                io.Err.WriteLine($"error: {ParseErrors.Describe(parsed)}");
                return 2;
            }
            return parsed.Invoke(config);
        }
        catch (Exception) when (EcoLedger.IO.TemporaryPaths.WaitIfInterrupted())
        {
            // Never entered: after an interrupt, the failure of a command whose temporary files are being deleted under it is
            // not reported; the thread waits here for the handler to print its one line and end the process.
            throw;
        }
        catch (CliException e)
        {
            io.Err.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (EcoLedger.IO.OutputPathException e)
        {
            io.Err.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The environment refused (a full disk, a folder where a file was expected, no permission): one line, exit code 3.
            io.Err.WriteLine($"error: {e.Message}");
            return 3;
        }
        catch (Exception e) when (EcoLedger.Storage.StorageProvider.FindUnavailable(e) is { } server)
        {
            // The database server went away or refused the session (restart, network, authentication): an environment error.
            io.Err.WriteLine($"error: the database server is not available: {server.Message}. Nothing of the running command was committed; retry it when the server is back.");
            return 3;
        }
        catch (Exception e)
        {
            // A defect: the terminal gets one line, the stack trace goes to a log file whose path is printed.
            string log = EcoLedger.IO.DefectLog.Write($"ecoledger {string.Join(' ', args)}", e);
            io.Err.WriteLine($"error: internal error ({e.GetType().Name}: {e.Message}); this is a defect of ecoledger, please report it with {log}");
            return 3;
        }
    }

    private static bool AsksForHelp(ParseResult parsed) => parsed.Action is HelpAction;
}
