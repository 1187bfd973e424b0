using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Audit;

/// <summary>Every kind of command, not only credit operations, ends with a signed checkpoint in its own transaction.</summary>
public class AuditCoverageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-audit-cover-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_pricing_command_is_covered_by_a_signed_checkpoint()
    {
        string db = Path.Combine(_dir, "l.db");
        Assert.Equal(0, Run("ledger", "init", "--db", db, "--ledger-id", "cover-test").ExitCode);
        Assert.Equal(0, Run("ledger", "participant", "add", "--id", "registry", "--role", "registry", "--db", db).ExitCode);
        var import = Run("price", "import", Repo("samples", "finance", "prices.csv"), "--db", db, "--actor", "registry");
        Assert.True(import.ExitCode == 0, import.Err);

        // Without a checkpoint in the import's own transaction, this fails with "events 3-3 are not covered by a signed checkpoint".
        var verify = Run("audit", "verify", "--db", db);
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Err);
        Assert.Contains("3 events", verify.Out);
    }
}
