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

    /// <summary>Starts the server.</summary>
    public static void Main(string[] args) => ServerApp.Build(args).Run();
}
