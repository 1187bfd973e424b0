using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Cli;

/// <summary>Outputs that cannot be written end with one error line and the contract's exit code, never a stack trace.</summary>
public sealed class EnvironmentErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-env-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Zones_mark_into_a_file_is_bad_input_and_a_folder_under_a_file_is_an_environment_error()
    {
        string gep = Path.Combine(_dir, "gep");
        Assert.Equal(0, Run("gep", "compute", "--units", Repo("samples", "lueliang", "units.geojson"), "--out", gep).ExitCode);
        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");

        var intoFile = Run("zones", "mark", "--units", Repo("samples", "lueliang", "units.geojson"), "--gep", gep, "--out", file);
        Assert.Equal(2, intoFile.ExitCode);
        Assert.Equal($"error: {file}: is a file; expected a folder for the output.", intoFile.ErrLines.Single());

        var underFile = Run("zones", "mark", "--units", Repo("samples", "lueliang", "units.geojson"), "--gep", gep, "--out", Path.Combine(file, "zones"));
        Assert.Equal(3, underFile.ExitCode);
        Assert.StartsWith("error: ", underFile.ErrLines.Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", underFile.Err, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void Reports_into_a_file_are_bad_input_and_leave_the_file_as_it_was()
    {
        string db = Path.Combine(_dir, "l.db");
        Assert.Equal(0, Run("ledger", "init", "--db", db).ExitCode);
        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "x");

        // Before, the framework's "The file '…' already exists." with exit 3, as if the disk had failed.
        foreach (string[] args in new[]
        {
            new[] { "report", "ledger", "--db", db, "--out", file },
            ["audit", "report", "--db", db, "--out", file],
        })
        {
            var r = Run(args);
            Assert.Equal(2, r.ExitCode);
            Assert.Equal($"error: {file}: is a file; expected a folder for the output.", r.ErrLines.Single());
        }
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void A_file_that_is_not_a_database_given_as_the_ledger_is_bad_input_naming_it()
    {
        string notDb = Path.Combine(_dir, "statement.md");
        File.WriteAllText(notDb, "# Compensation statement\n");

        // Before: "internal error (SqliteException: SQLite Error 26: 'file is not a database')", exit 3, a log file.
        var r = Run("audit", "verify", "--db", notDb);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {notDb}: not a ledger database (SQLite: file is not a database); expected the database file of 'ecoledger ledger init' " +
            "or of the demo. If it was one, it has been overwritten: restore it from a backup.", r.ErrLines.Single());
        Assert.Equal("# Compensation statement\n", File.ReadAllText(notDb));
    }
}

/// <summary>Inputs that used to crash with a stack trace (issue 12's list) are bad input: exit 2 and one error line.</summary>
public sealed class FormerCrashTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-crash-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_garbage_public_key_file_and_a_negative_max_age_are_refused_in_one_line()
    {
        string db = Path.Combine(_dir, "l.db");
        Assert.Equal(0, Run("ledger", "init", "--db", db).ExitCode);
        string key = Path.Combine(_dir, "garbage.pem");
        File.WriteAllText(key, "garbage\n");

        var verify = Run("audit", "verify", "--db", db, "--public-key", key);
        Assert.Equal(2, verify.ExitCode);
        Assert.Equal($"error: {key}: not a PEM public key (expected -----BEGIN PUBLIC KEY-----, an ECDSA P-256 SubjectPublicKeyInfo).", verify.ErrLines.Single());

        var show = Run("value", "pledges", "--market", "CEA", "--as-of", "2025-06-30", "--max-age-days", "-1", "--db", db);
        Assert.Equal(2, show.ExitCode);
        Assert.Equal("error: The largest age of a quote (--max-age-days) must be 0 days or more; got -1.", show.ErrLines.Single());
    }
}
