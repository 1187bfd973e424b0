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

/// <summary>The signing key can live away from the database (issue 11: key store; issue 12: the key beside the database).</summary>
public sealed class SigningKeyElsewhereCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-key-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_ledger_signs_with_a_key_kept_in_another_folder_and_refuses_to_write_without_it()
    {
        // Given a ledger whose key is created in a separate folder
        string db = Path.Combine(_dir, "data", "l.db");
        string key = Path.Combine(_dir, "keys", "signing.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        var init = Run("ledger", "init", "--db", db, "--ledger-id", "keyed", "--signing-key", key);
        Assert.True(init.ExitCode == 0, init.Err);

        // Then no private key sits beside the database, the key file is the operator's only (0600), and commands sign with it
        Assert.False(File.Exists(db + ".key.pem"));
        Assert.True(File.Exists(key));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
        Assert.Equal(0, Run("ledger", "participant", "add", "--id", "registry", "--role", "registry", "--db", db, "--signing-key", key).ExitCode);
        var v = Run("audit", "verify", "--db", db, "--public-key", db + ".pub.pem");
        Assert.True(v.ExitCode == 0, v.Out + v.Err);

        // And without the key a command writes nothing
        var refused = Run("ledger", "participant", "add", "--id", "verifier", "--role", "verifier", "--actor", "registry", "--db", db);
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"error: The checkpoint signing key {db}.key.pem is missing: every command ends with a signed checkpoint, so nothing was written.", refused.ErrLines.Single());
        Assert.Contains("2 events", Run("audit", "verify", "--db", db).Out);
    }
}
