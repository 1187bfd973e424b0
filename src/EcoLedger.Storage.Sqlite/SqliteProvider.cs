using System.Data.Common;
using EcoLedger.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EcoLedger.Storage.Sqlite;

/// <summary>
/// The embedded default: one SQLite file in WAL mode. Writers take the write lock at <c>BEGIN IMMEDIATE</c>; readers see a snapshot
/// from their first read; the credit ledger's command path uses prepared statements bound by position (<see cref="SqlLedgerStore"/>).
/// Accepts any target that is not a server connection string (<c>Host=…</c>).
/// </summary>
public sealed class SqliteProvider : StorageProvider
{
    /// <inheritdoc/>
    public override string Name => "sqlite";

    /// <inheritdoc/>
    public override bool Accepts(string target) =>
        !target.Contains("Host=", StringComparison.OrdinalIgnoreCase) && !target.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override DbConnection Connect(string target, bool durable)
    {
        CreateOwnerOnly(target);
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, DefaultTimeout = 60, Pooling = false }.ToString());
        try
        {
            c.Open();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == CannotOpen)
        {
            c.Dispose();
            throw CannotOpenError(target);
        }
        try
        {
            // The first statement reads the file's header: a file that is not SQLite fails here, not at Open.
            Exec(c, "PRAGMA journal_mode=WAL;");
        }
        catch (SqliteException e) when (e.SqliteErrorCode is NotADatabase or Corrupt)
        {
            c.Dispose();
            string sqlite = SQLitePCL.raw.sqlite3_errstr(e.SqliteErrorCode).utf8_to_string();
            throw new LedgerException(e.SqliteErrorCode == NotADatabase
                ? $"{target}: not a ledger database (SQLite: {sqlite}); expected the database file of 'ecoledger ledger init' or of the demo. If it was one, it has been overwritten: restore it from a backup."
                : $"{target}: the ledger database is damaged (SQLite: {sqlite}); restore it from a backup.");
        }
        Exec(c, durable ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
        Exec(c, "PRAGMA busy_timeout=60000;");
        Exec(c, "PRAGMA cache_size=-65536;"); // 64 MiB of page cache: holders are touched at random
        Exec(c, "PRAGMA temp_store=MEMORY;");
        return c;
    }

    // SQLite's result codes for a file that is not a database, a damaged one and one it cannot open (https://sqlite.org/rescode.html).
    private const int NotADatabase = 26, Corrupt = 11, CannotOpen = 14;

    /// <summary>
    /// Why SQLite could not open <paramref name="target"/> (SQLITE_CANTOPEN says only "unable to open database file"): a folder
    /// given as the database is a wrong argument (a refusal); a missing folder or one that may not be written is the environment.
    /// </summary>
    private static Exception CannotOpenError(string target)
    {
        if (Directory.Exists(target))
        {
            return new LedgerException($"{target} is a folder; expected the ledger database file.");
        }
        string? folder = Path.GetDirectoryName(Path.GetFullPath(target));
        if (folder is not null && !Directory.Exists(folder))
        {
            return new DirectoryNotFoundException($"Cannot create the ledger database {target}: its folder {folder} does not exist; create the folder first or choose another path.");
        }
        return new IOException($"Cannot open the ledger database {target} (SQLite: unable to open database file): check that it and its folder may be read and written.");
    }

    /// <summary>How long a process waits for another one that is creating or upgrading the same file.</summary>
    internal static TimeSpan MigrationLockWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The file whose exclusive lock marks "migrating" for <paramref name="target"/> (<c>ledger.db.migrating</c>).</summary>
    internal static string MigrationGuardPath(string target) => target + ".migrating";

    /// <inheritdoc/>
    /// <remarks>
    /// EF Core marks a migration in progress by a row in <c>__EFMigrationsLock</c> and waits, without end, while that row exists;
    /// a process killed mid-migration leaves it there for good. So every EcoLedger migrator first takes an exclusive lock on
    /// <see cref="MigrationGuardPath"/>, which the operating system releases when its holder dies: whoever holds it is the only
    /// live migrator, and any lock row it finds was left by a killed one and is removed. SQLite applies each migration in a
    /// transaction, so the schema itself is at a migration boundary and the remaining migrations complete it. A live migrator
    /// is waited for at most <see cref="MigrationLockWait"/>; then the open fails with an <see cref="IOException"/>.
    /// </remarks>
    public override void Migrate(LedgerDbContext context, string target)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(target);
        using var guard = AcquireMigrationGuard(target);
        var connection = context.Database.GetDbConnection();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
            if ((long)cmd.ExecuteScalar()! > 0)
            {
                Exec(connection, "DELETE FROM \"__EFMigrationsLock\";");
            }
        }
        // Another process may have finished the same migrations while this one waited for the guard.
        if (context.Database.GetPendingMigrations().Any())
        {
            context.Database.Migrate();
        }
    }

    private static FileStream? AcquireMigrationGuard(string target)
    {
        if (target.Length == 0 || target.Contains(":memory:", StringComparison.OrdinalIgnoreCase) || target.Contains('='))
        {
            return null; // an in-memory database or a connection string: no other process can migrate it through a file
        }
        string path = MigrationGuardPath(target);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
            {
                if (waited.Elapsed >= MigrationLockWait)
                {
                    throw new IOException($"{target} is being created or upgraded by another process (it holds {path}); " +
                        $"waited {MigrationLockWait.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s. Try again when it has finished.", e);
                }
                Thread.Sleep(100);
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The model is the compiled one (<see cref="CompiledModel.LedgerDbContextModel"/>): building it from <c>OnModelCreating</c> cost each
    /// CLI call about half a second of CPU. It is regenerated by <c>scripts/ef-compiled-model.sh</c> after every model change, and
    /// <c>CompiledModelTests</c> fails while it is stale.
    /// </remarks>
    public override void UseDatabase(DbContextOptionsBuilder options, DbConnection connection) =>
        options.UseModel(CompiledModel.LedgerDbContextModel.Instance)
            .UseSqlite(connection, o => o.MigrationsAssembly(typeof(SqliteProvider).Assembly.GetName().Name));

    /// <inheritdoc/>
    public override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    /// <inheritdoc/>
    public override DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    /// <inheritdoc/>
    /// <remarks>
    /// A plain <c>BEGIN</c> issued as SQL, not through <c>BeginTransaction</c>, so the EF contexts and commands of the read need no
    /// transaction object: in WAL mode the snapshot is taken at the first read and held until <c>ROLLBACK</c>, while writers commit.
    /// </remarks>
    public override IDisposable ReadSnapshot(DbConnection connection)
    {
        Exec(connection, "BEGIN;");
        return new EndSnapshot(connection);
    }

    /// <inheritdoc/>
    public override ILedgerSession OpenSession(DbConnection connection) => new LedgerSession(new SqliteStatements((SqliteConnection)connection));

    /// <summary>
    /// Creates a new database file readable and writable by its owner only (0600) before SQLite opens it: the ledger holds
    /// participants' money and keys' registrations, and SQLite gives its WAL and shared-memory files the database file's mode.
    /// An existing file is left as it is.
    /// </summary>
    private static void CreateOwnerOnly(string target)
    {
        if (OperatingSystem.IsWindows() || target == ":memory:" || target.StartsWith("file:", StringComparison.Ordinal) || File.Exists(target))
        {
            return;
        }
        try
        {
            using var _ = new FileStream(target, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Created meanwhile by another process, or not creatable here (missing or read-only folder): SQLite opens it or
            // reports the environment error as it always has.
        }
    }

    private static void Exec(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private sealed class EndSnapshot(DbConnection connection) : IDisposable
    {
        public void Dispose() => Exec(connection, "ROLLBACK;");
    }
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the model (run from this project).</summary>
public sealed class LedgerDbContextFactory : IDesignTimeDbContextFactory<LedgerDbContext>
{
    /// <inheritdoc/>
    public LedgerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LedgerDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(typeof(SqliteProvider).Assembly.GetName().Name)).Options);
}
