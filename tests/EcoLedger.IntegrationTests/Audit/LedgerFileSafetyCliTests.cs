using EcoLedger.Storage;
using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Audit;

/// <summary>
/// Reading or verifying never creates a ledger, an empty ledger is never "verified", and no output option can overwrite the database or
/// its signing key (issues 12 and 13).
/// </summary>
public sealed class LedgerFileSafetyCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-safety-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string Db => Path.Combine(_dir, "l.db");

    [Theory]
    [InlineData("ledger", "supply")]
    [InlineData("ledger", "balance")]
    [InlineData("ledger", "verify")]
    [InlineData("audit", "verify")]
    [InlineData("audit", "export", "--out", "x.bundle")]
    [InlineData("value", "pledges", "--market", "CEA", "--as-of", "2025-06-30")]
    [InlineData("price", "show", "--as-of", "2025-06-30")]
    public void A_read_of_a_missing_database_is_refused_and_creates_nothing(params string[] verb)
    {
        var r = Run([.. verb, "--db", Db]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: Ledger database '{Db}' does not exist; 'ecoledger ledger init --db {Db}' creates one.", r.ErrLines.Single());
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public void An_empty_database_is_never_reported_as_verified()
    {
        // A schema with no journal: what a read used to leave behind.
        LedgerDatabase.Open(Db).Dispose();
        var r = Run("audit", "verify", "--db", Db);
        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("verified:", r.Out);
        Assert.Contains("the ledger has no events, so there is nothing to verify", r.Out + r.Err);
    }

    [Theory]
    [InlineData("audit", "export", "--out", "{db}")]
    [InlineData("audit", "export", "--out", "ok.bundle", "--checkpoint-out", "{db}.pub.pem")]
    [InlineData("audit", "checkpoint", "--out", "{db}.key.pem")]
    [InlineData("audit", "prove", "--event", "1", "--out", "{db}-wal")]
    public void An_output_that_is_the_database_or_its_key_is_refused_and_the_ledger_still_verifies(params string[] args)
    {
        Assert.Equal(0, Run("ledger", "init", "--db", Db, "--ledger-id", "safety").ExitCode);
        string key = File.ReadAllText(Db + ".key.pem");
        var r = Run([.. args.Select(a => a.Replace("{db}", Db, StringComparison.Ordinal)), "--db", Db]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("itself; writing there would destroy the ledger or its keys. Choose another file.", r.ErrLines.Single());
        Assert.Equal(key, File.ReadAllText(Db + ".key.pem"));
        var v = Run("audit", "verify", "--db", Db);
        Assert.True(v.ExitCode == 0, v.Out + v.Err);
    }
}
