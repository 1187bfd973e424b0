using System.CommandLine;

namespace EcoLedger.Cli.Commands;

/// <summary><c>ecoledger gep ...</c>: compute GEP, list indicators and parameters.</summary>
public static class GepCommands
{
    public static Command Create(CliIo io)
    {
        var gep = new Command("gep", "Gross Ecosystem Product: compute, list indicators, show parameters.");
        return gep;
    }
}
