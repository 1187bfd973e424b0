using System.CommandLine;

namespace EcoLedger.Cli.Commands;

/// <summary><c>ledger bench</c>: transfer throughput, single durable commands vs one batch vs plain SQLite inserts.</summary>
internal static class LedgerBenchCommand
{
    public static Command Create(LedgerCli ctx)
    {
        var c = new Command("bench", "Benchmark transfers of part-blocks among holders (single durable, batch, plain SQLite).");
        return c;
    }
}
