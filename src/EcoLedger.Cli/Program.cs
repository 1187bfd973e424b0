using System.CommandLine;

namespace EcoLedger.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("EcoLedger: ecological-product value accounting (GEP), zoning and a carbon-sink ledger.");
        return root.Parse(args).Invoke();
    }
}
