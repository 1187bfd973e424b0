using System.Diagnostics;
using System.Text;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Ledger;
using EcoLedger.Storage;
using EcoLedger.Storage.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EcoLedger.IntegrationTests.Storage;

/// <summary>The PostgreSQL provider's own guarantees: schema from its migrations, retried serialization failures, the provider choice.</summary>
public sealed class PostgresStorageTests
{
    [Fact]
    public void Each_providers_migrations_match_the_model()
    {
        // `dotnet ef migrations has-pending-model-changes` for each provider: a model change without regenerated migrations fails here
        using var sqlite = new EcoLedger.Storage.Sqlite.LedgerDbContextFactory().CreateDbContext([]);
        using var postgres = new PostgresLedgerDbContextFactory().CreateDbContext([]);
        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite: run `dotnet ef migrations add` (src/EcoLedger.Storage.Sqlite)");
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL: run src/EcoLedger.Storage.Postgres/ef-migrations.sh");
    }

    [Theory]
    [InlineData("Host=db.example;Database=ledger;Username=registry", "postgres")]
    [InlineData("postgresql://registry@db.example:5432/ledger", "postgres")]
    [InlineData("ledger.db", "sqlite")]
    [InlineData("/var/lib/ecoledger/host.db", "sqlite")]
    public void The_target_chooses_the_provider(string target, string provider) => Assert.Equal(provider, StorageProvider.For(target).Name);

    [Fact]
    public void A_postgres_uri_becomes_an_npgsql_connection_string_with_ecoledgers_session_settings()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresProvider.ConnectionString("postgresql://registry:s%40cret@db.example:6543/ledger"));
        Assert.Equal(("db.example", 6543, "registry", "s@cret", "ledger"), (b.Host, b.Port, b.Username, b.Password, b.Database));
        Assert.Equal(("UTC", 128, "ecoledger"), (b.Timezone, b.MaxAutoPrepare, b.ApplicationName));
    }

    [Fact]
    public void A_new_database_is_created_and_migrated_to_the_one_initial_migration_with_the_schema_of_the_model()
    {
        using var t = new LedgerTestDb("postgres");
        Assert.False(LedgerDatabase.Exists(t.Path));
        using var db = LedgerDatabase.Open(t.Path);
        Assert.True(LedgerDatabase.Exists(t.Path));
        using var ctx = db.NewContext();
        var applied = ctx.Database.GetAppliedMigrations().ToList();
        Assert.Single(applied);
        Assert.EndsWith("_InitialCreate", applied[0]);
        // dates are dates and decimals numeric, not text as in SQLite (money is integer fen in both)
        Assert.Equal("date", Scalar(db, "SELECT data_type FROM information_schema.columns WHERE table_name = 'blocks' AND column_name = 'vintage_start'"));
        Assert.Equal("numeric", Scalar(db, "SELECT data_type FROM information_schema.columns WHERE table_name = 'bank_package_units' AND column_name = 'area_ha'"));
    }

    /// <summary>
    /// The test cluster has PostGIS in <c>template1</c> (<see cref="PostgresCluster"/>); a server's new database may not: made from
    /// <c>template0</c>, it gets PostGIS, the outline geometry and its index from the ledger's own migration.
    /// </summary>
    [Fact]
    public void A_database_without_postgis_gets_it_from_the_ledgers_migration()
    {
        using var t = new LedgerTestDb("postgres");
        string name = new NpgsqlConnectionStringBuilder(t.Path).Database!;
        var admin = new NpgsqlConnectionStringBuilder(t.Path) { Database = "postgres", Pooling = false };
        using (var c = new NpgsqlConnection(admin.ConnectionString))
        {
            c.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", c);
            create.ExecuteNonQuery();
        }
        var bare = new NpgsqlConnectionStringBuilder(t.Path) { Pooling = false };
        using (var c = new NpgsqlConnection(bare.ConnectionString))
        {
            c.Open();
            using var extensions = new NpgsqlCommand("SELECT count(*) FROM pg_extension WHERE extname = 'postgis'", c);
            Assert.Equal(0L, extensions.ExecuteScalar());
        }

        t.Ok("ledger", "init");

        using var db = LedgerDatabase.Open(t.Path);
        Assert.Equal(1L, Scalar(db, "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'"));
        Assert.Equal("geometry", Scalar(db, "SELECT udt_name FROM information_schema.columns WHERE table_name = 'project_units' AND column_name = 'geom'"));
        Assert.Equal(1L, Scalar(db, "SELECT count(*) FROM pg_indexes WHERE tablename = 'project_units' AND indexname = 'ix_project_units_geom'"));
    }

    [Fact]
    public void A_serialization_failure_inside_a_command_is_retried_and_the_command_written_once()
    {
        using var t = new LedgerTestDb("postgres");
        t.SeedFast();
        using var db = LedgerDatabase.Open(t.Path);
        int attempts = 0;
        db.Commands.AfterDecide = () =>
        {
            if (++attempts < 3)
            {
                // what the server raises when a SERIALIZABLE transaction or a deadlock loses: the transaction is rolled back
                throw new PostgresException("could not serialize access due to concurrent update", "ERROR", "ERROR",
                    attempts == 1 ? PostgresErrorCodes.SerializationFailure : PostgresErrorCodes.DeadlockDetected);
            }
        };

        var result = db.Run(new CreditCommand(CreditOperation.Transfer, "farm", 7, "buyer", RequestId: "r1"), "farm", "r1");

        Assert.Equal(3, attempts);
        Assert.False(result.Repeated);
        Assert.Equal(7L, db.Balances("buyer")[0].Active);
        Assert.Equal(1, db.JournalEntries().Count(e => e.Kind == "credits.transferred"));
        Assert.Empty(db.Verify());
    }

    [Fact]
    public void Serialization_failures_that_never_stop_end_in_a_clear_refusal_with_nothing_written()
    {
        using var t = new LedgerTestDb("postgres");
        t.SeedFast();
        using var db = LedgerDatabase.Open(t.Path);
        db.Commands.AfterDecide = () => throw new PostgresException("could not serialize access", "ERROR", "ERROR", PostgresErrorCodes.SerializationFailure);

        var e = Assert.Throws<LedgerException>(() => db.Run(new CreditCommand(CreditOperation.Transfer, "farm", 7, "buyer", RequestId: "r1"), "farm", "r1"));

        Assert.StartsWith("The database kept rolling this command back because of concurrent transactions", e.Message);
        Assert.EndsWith("gave up after 5 attempts and nothing was written. Retry the command.", e.Message);
        Assert.DoesNotContain(db.Balances("buyer"), b => b.Active > 0);
    }

    [Fact]
    public void The_server_starts_on_postgres_and_serves_the_ledger()
    {
        using var t = new LedgerTestDb("postgres");
        using var server = new EcoLedger.IntegrationTests.Server.ServerTestHost(t.Path);

        var me = server.Send(server.AdminToken, HttpMethod.Get, "/api/participants");

        Assert.Equal(System.Net.HttpStatusCode.OK, me.Status);
        Assert.Equal("""[{"id":"reg","role":"registry","name":"Registry administrator"}]""", me.Text);
        Assert.True(File.Exists(LedgerDatabase.FilesOf(t.Path) + ".key.pem"));
        // the log names the database without a password, and the connection string carries none here to leak
        Assert.Contains(server.Logs, l => l.Contains("Database=" + new NpgsqlConnectionStringBuilder(t.Path).Database, StringComparison.Ordinal));
    }

    [Fact]
    public void Messages_and_logs_show_a_connection_string_without_its_password()
    {
        Assert.Equal("Host=db.example;Database=ledger;Username=registry",
            LedgerDatabase.Display("Host=db.example;Database=ledger;Username=registry;Password=s3cret"));
        Assert.DoesNotContain("s3cret", LedgerDatabase.Display("postgresql://registry:s3cret@db.example/ledger"));
    }

    private static object? Scalar(LedgerDatabase db, string sql)
    {
        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}

/// <summary>Tests that stop the shared PostgreSQL server: they run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(PostgresServerRestart), DisableParallelization = true)]
public sealed class PostgresServerRestart;

/// <summary>The server killed (immediate shutdown, as a crash) in the middle of a batch.</summary>
[Collection(nameof(PostgresServerRestart))]
public sealed class PostgresCrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_server_crash_in_the_middle_of_a_batch_leaves_all_or_nothing_and_the_ledger_and_audit_verify()
    {
        // Given buyer and bank with 450 t each, and a batch of 2,000 signed one-tonne transfers back and forth between them
        using var t = new LedgerTestDb("postgres");
        t.Seed();
        t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "buyer", "--quantity", "450", "--request-id", "s1", "--actor", "farm");
        t.Ok("ledger", "credits", "transfer", "--from", "farm", "--to", "bank", "--quantity", "450", "--request-id", "s2", "--actor", "farm");
        t.GiveKey("buyer");
        t.GiveKey("bank");
        var sb = new StringBuilder("request_id,from,to,quantity\n");
        for (int i = 0; i < 2_000; i++)
        {
            sb.Append(i % 2 == 0 ? $"k{i},buyer,bank,1\n" : $"k{i},bank,buyer,1\n");
        }
        string file = Path.Combine(t.Dir, "batch.csv");
        File.WriteAllText(file, sb.ToString());
        int before;
        using (var db = LedgerDatabase.Open(t.Path))
        {
            before = db.JournalEntries().Count;
        }

        // When the server stops immediately (no shutdown checkpoint) while the batch runs, and starts again
        var p = t.Start("ledger", "credits", "transfer", "--batch", file, "--key-dir", t.KeyDir); // each row signed by its sender
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        Thread.Sleep(2_500); // the CLI's start-up, migration check and about half the batch's decisions on this machine
        bool exitedBefore = p.HasExited;
        PostgresCluster.Instance.CrashAndRestart();
        Assert.True(p.WaitForExit(60_000));
        string err = await stderr;
        output.WriteLine($"client exited {p.ExitCode} (before the crash: {exitedBefore}); stderr: {err.Trim()}; stdout: {(await stdout).Length} chars");

        // Then the client reports an environment error (exit 3, no stack trace) unless it had finished, and the database holds
        // the whole batch or none of it
        if (!exitedBefore)
        {
            Assert.True(p.ExitCode is 0 or 3, err);
            Assert.DoesNotContain("   at ", err);
        }
        using (var after = LedgerDatabase.Open(t.Path))
        {
            int events = after.JournalEntries().Count;
            // each row journals its acceptance (request id and signature) and then its transfer
            Assert.Contains(events, new[] { before, before + 4_000 });
            Assert.Empty(after.Verify());
            Assert.Equal(900L, after.Balances("buyer")[0].Active + after.Balances("bank")[0].Active);
        }
        // and `ledger verify` and `audit verify --db` pass
        t.Ok("ledger", "verify");
        t.Ok("audit", "verify");
    }

    [Fact]
    public void The_server_answers_503_while_the_database_restarts_and_serves_again_on_a_new_connection()
    {
        using var t = new LedgerTestDb("postgres");
        using var server = new EcoLedger.IntegrationTests.Server.ServerTestHost(t.Path);
        string token = server.AdminToken;
        Assert.Equal(System.Net.HttpStatusCode.OK, server.Send(token, HttpMethod.Get, "/api/participants").Status);

        PostgresCluster.Instance.CrashAndRestart();
        var during = server.Send(token, HttpMethod.Get, "/api/participants");
        var after = server.Send(token, HttpMethod.Get, "/api/participants");

        // the request on the connection the crash broke is refused as retryable, never a 500; the next one is served
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, during.Status);
        Assert.Contains("database-unavailable", during.Text);
        Assert.Equal(System.Net.HttpStatusCode.OK, after.Status);
    }

    [Fact]
    public void The_demo_runs_unchanged_against_postgres_given_a_connection_string()
    {
        using var t = new LedgerTestDb("postgres");
        string outDir = Path.Combine(t.Dir, "out");
        var o = new StringWriter();
        var e = new StringWriter();
        int code = EcoLedger.Cli.Program.Run(["demo", "--samples", SamplesDir(), "--out", outDir, "--db", t.Path], new EcoLedger.Cli.Hosting.CliIo(o, e, false));

        Assert.True(code == 0, e + "\n" + o.ToString()[^Math.Min(3000, o.ToString().Length)..]);
        Assert.Contains("replay and invariants hold", o.ToString());
        Assert.True(File.Exists(Path.Combine(outDir, "retirement-certificate.pdf")));
        Assert.True(File.Exists(Path.Combine(outDir, "ledger-report", "report.html")));
        t.Ok("ledger", "verify");
        t.Ok("audit", "verify");
    }

    private static string SamplesDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (Directory.Exists(Path.Combine(d.FullName, "samples", "yichun")))
            {
                return Path.Combine(d.FullName, "samples");
            }
        }
        throw new InvalidOperationException("samples/ not found above the test binaries");
    }
}
