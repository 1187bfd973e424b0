using System.CommandLine;
using EcoLedger.Cli.Commands;
using EcoLedger.Cli.Demo;

namespace EcoLedger.Cli;

/// <summary>The <c>ecoledger</c> command: parses arguments, calls the core, prints.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, CliIo.Console);

    /// <summary>Runs one command line with the given output streams (tests call this in-process).</summary>
    public static int Run(string[] args, CliIo io)
    {
        var root = new RootCommand("EcoLedger: ecological-product value accounting (GEP), zoning and a carbon-sink ledger.");
        root.Subcommands.Add(GepCommands.Create(io));
        root.Subcommands.Add(ZonesCommands.Create(io));
        root.Subcommands.Add(LedgerCommands.Create(io));
        root.Subcommands.Add(CompensationCommands.Create(io));
        root.Subcommands.Add(DemoCommands.Create(io));
        root.Subcommands.Add(PricingCommands.Price(io));
        root.Subcommands.Add(PricingCommands.Value(io));
        root.Subcommands.Add(PricingCommands.Bank(io));
        root.Subcommands.Add(ReportCommands.Create(io));
        root.Subcommands.Add(AuditCommands.Create(io));
        var config = new InvocationConfiguration { Output = io.Out, Error = io.Err, EnableDefaultExceptionHandler = false };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        catch (CliException e)
        {
            io.Err.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
    }
}
