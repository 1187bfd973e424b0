using EcoLedger.Storage;
using EcoLedger.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EcoLedger.IntegrationTests.Storage;

/// <summary>
/// A process killed while migrating leaves EF Core's <c>__EFMigrationsLock</c> row behind; EF then waits for it forever. The next
/// command must repair that (no other EcoLedger process holds the migration guard, so the row is stale) and never wait unbounded.
/// </summary>
public sealed class MigrationLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-migrationlock-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, true);
    }

    private string Db => Path.Combine(_dir, "ledger.db");

    /// <summary>The lock row as EF Core's SQLite history repository writes it when it starts migrating.</summary>
    private void LeaveStaleLock()
    {
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL CONSTRAINT \"PK___EFMigrationsLock\" PRIMARY KEY, \"Timestamp\" TEXT NOT NULL);" +
            "INSERT INTO \"__EFMigrationsLock\" (\"Id\", \"Timestamp\") VALUES (1, '2026-12-06 10:00:00.0000000+00:00');";
        cmd.ExecuteNonQuery();
    }

    private long LockRows()
    {
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM \"__EFMigrationsLock\"";
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>Runs the CLI, failing the test (instead of hanging it) when the command does not return within a minute.</summary>
    private static CliRunner.Result RunBounded(params string[] args)
    {
        var run = Task.Run(() => CliRunner.Run(args));
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), $"ecoledger {string.Join(' ', args)} still waits after 60 s");
        return run.Result;
    }

    [Fact]
    public void Ledger_init_repairs_a_stale_lock_left_by_a_kill_during_the_first_migration()
    {
        // Given a file as a kill during the first migration leaves it: EF's lock row, no schema yet
        LeaveStaleLock();

        // When ledger init runs again
        var init = RunBounded("ledger", "init", "--db", Db);

        // Then it creates the ledger, releases the lock, and the next command works
        Assert.True(init.ExitCode == 0, init.Err);
        Assert.Equal(0, LockRows());
        Assert.Equal(0, RunBounded("ledger", "participant", "add", "--id", "reg", "--role", "registry", "--db", Db).ExitCode);
    }

    [Fact]
    public void A_command_repairs_a_stale_lock_left_by_a_kill_during_an_upgrade()
    {
        // Given a ledger at an older schema (three of the migrations applied) with the lock row of a killed upgrade
        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            var options = new DbContextOptionsBuilder<LedgerDbContext>();
            StorageProvider.For(Db).UseDatabase(options, c);
            using var ctx = new LedgerDbContext(options.Options);
            ctx.GetService<IMigrator>().Migrate("20261130110420_Pricing");
            Assert.Equal(ctx.Database.GetMigrations().Count() - 3, ctx.Database.GetPendingMigrations().Count());
        }
        LeaveStaleLock();

        // When ledger init runs on it
        var init = RunBounded("ledger", "init", "--db", Db);

        // Then the upgrade is completed and the ledger works
        Assert.True(init.ExitCode == 0, init.Err);
        Assert.Equal(0, LockRows());
        using var db = LedgerDatabase.Open(Db);
        using var check = db.NewContext();
        Assert.Empty(check.Database.GetPendingMigrations());
        Assert.Single(db.JournalEntries());
    }

    [Fact]
    public void A_command_waits_a_bounded_time_for_a_live_migration_and_refuses_with_a_message()
    {
        // Given another process migrating the same file (it holds the migration guard) and a database that needs migrating
        LeaveStaleLock();
        var wait = SqliteProvider.MigrationLockWait;
        SqliteProvider.MigrationLockWait = TimeSpan.FromSeconds(1);
        try
        {
            using var guard = new FileStream(SqliteProvider.MigrationGuardPath(Db), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

            // When ledger init runs
            var init = RunBounded("ledger", "init", "--db", Db);

            // Then it gives up after the bounded wait with an environment error naming the file, and leaves the lock to its owner
            Assert.Equal(3, init.ExitCode);
            Assert.Equal($"error: {Db} is being created or upgraded by another process (it holds {SqliteProvider.MigrationGuardPath(Db)}); " +
                "waited 1 s. Try again when it has finished.", init.ErrLines.Single());
            Assert.Equal(1, LockRows());
        }
        finally
        {
            SqliteProvider.MigrationLockWait = wait;
        }
    }
}
