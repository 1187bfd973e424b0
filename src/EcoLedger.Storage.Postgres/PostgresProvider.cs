using System.Data;
using System.Data.Common;
using EcoLedger.Ledger;
using EcoLedger.Spatial;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql;

namespace EcoLedger.Storage.Postgres;

/// <summary>
/// The multi-writer store: a PostgreSQL database named by an Npgsql connection string (<c>Host=…;Database=…;Username=…</c>), given as
/// <c>--db</c> or <c>ECOLEDGER_DB</c>. Same model, migrations generated from it into this assembly, same guarantees as SQLite.
/// </summary>
/// <remarks>
/// <para>
/// <b>Write concurrency: one explicit lock, not SERIALIZABLE.</b> Every command appends to one hash-chained journal: its entry's
/// sequence number and <c>prev_hash</c> are the head's, and the blocks, postings and touches it writes carry that sequence number.
/// Two commands can therefore never commit in parallel whatever blocks they touch; under SERIALIZABLE (or with row locks on the
/// blocks only) every pair of concurrent commands would still collide at the journal head and all but one would be rolled back and
/// redone, which is work thrown away growing with the number of writers. So <see cref="BeginWrite"/> takes, as the transaction's
/// first statement, the transaction-scoped advisory lock of the ledger (<c>pg_advisory_xact_lock</c>) in READ COMMITTED: writers
/// queue in the server, each one's reads (which start after it holds the lock) see every command committed before it, and the lock
/// is released by COMMIT or ROLLBACK, or by the server when the client dies. This is <c>BEGIN IMMEDIATE</c>'s guarantee on SQLite,
/// and it keeps the optimistic block version check meaningful for anything that writes outside the runner.
/// </para>
/// <para>
/// Serialization failures and deadlocks (SQLSTATE 40001, 40P01) can still come from sessions that do not take the lock (an
/// operator's SQL, a future module); <see cref="IsRetryable"/> tells the command runner to roll back and run the command again.
/// Readers never block writers: <see cref="ReadSnapshot"/> is REPEATABLE READ READ ONLY.
/// </para>
/// </remarks>
public sealed class PostgresProvider : StorageProvider
{
    /// <summary>The advisory lock key every EcoLedger writer of a database takes ("EcoL"); advisory locks are per database.</summary>
    internal const long WriteLockKey = 0x45636F4C;

    /// <inheritdoc/>
    public override string Name => "postgres";

    /// <summary>True for an Npgsql connection string (<c>Host=…</c>) or a <c>postgres://</c> / <c>postgresql://</c> URI.</summary>
    public override bool Accepts(string target) => IsConnectionString(target);

    /// <summary>True for an Npgsql connection string (<c>Host=…</c>) or a <c>postgres://</c> / <c>postgresql://</c> URI.</summary>
    public static bool IsConnectionString(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            || target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The connection string EcoLedger uses for <paramref name="target"/>: the caller's settings, plus automatic preparation of the
    /// command path's statements (prepared once per physical connection, like SQLite's), UTC as the session time zone and a name
    /// that identifies EcoLedger's sessions in <c>pg_stat_activity</c>, unless the caller set them.
    /// </summary>
    public static string ConnectionString(string target)
    {
        var b = new NpgsqlConnectionStringBuilder(FromUri(target));
        if (!ContainsKey(target, "Max Auto Prepare"))
        {
            b.MaxAutoPrepare = 128;
            b.AutoPrepareMinUsages = 2;
        }
        if (!ContainsKey(target, "Timezone"))
        {
            b.Timezone = "UTC";
        }
        if (!ContainsKey(target, "Application Name"))
        {
            b.ApplicationName = "ecoledger";
        }
        return b.ConnectionString;
    }

    private static bool ContainsKey(string target, string key) => target.Contains(key, StringComparison.OrdinalIgnoreCase);

    // postgres://user:password@host:port/database?key=value → Host=…;Port=…;Username=…;Password=…;Database=…;key=value
    private static string FromUri(string target)
    {
        if (!target.Contains("://", StringComparison.Ordinal))
        {
            return target;
        }
        var uri = new Uri(target);
        var b = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            b.Port = uri.Port;
        }
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            b.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                b.Password = Uri.UnescapeDataString(parts[1]);
            }
        }
        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } db)
        {
            b.Database = Uri.UnescapeDataString(db);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            b[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
        }
        return b.ConnectionString;
    }

    /// <inheritdoc/>
    public override string Display(string target)
    {
        var b = new NpgsqlConnectionStringBuilder(FromUri(target)) { Password = null };
        return b.ConnectionString;
    }

    /// <inheritdoc/>
    /// <remarks>True when the database exists and has the ledger's journal table (a database created but never migrated is not a ledger).</remarks>
    public override bool Exists(string target)
    {
        try
        {
            using var c = new NpgsqlConnection(ConnectionString(target));
            c.Open();
            using var cmd = new NpgsqlCommand("SELECT to_regclass('journal') IS NOT NULL", c);
            return cmd.ExecuteScalar() is true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A server database has no folder of its own: its key pair is <c>DATABASE.key.pem</c> / <c>DATABASE.pub.pem</c> in
    /// <c>$ECOLEDGER_KEY_DIR</c>, else in the working directory. Keeping the private key on the client, away from the server, is
    /// the point: a copy of the database cannot be re-signed. <c>--signing-key</c> names another file.
    /// </remarks>
    public override string FilesBase(string target)
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString(target));
        string name = string.Concat((b.Database ?? b.Username ?? "ecoledger").Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_'));
        string dir = Environment.GetEnvironmentVariable("ECOLEDGER_KEY_DIR") is { Length: > 0 } d ? d : Directory.GetCurrentDirectory();
        return Path.Combine(Path.GetFullPath(dir), name);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A database that does not exist yet is created (as <c>ledger db</c> creates a SQLite file), when the user may create databases;
    /// otherwise the server's refusal is the error. Without <paramref name="durable"/> the session commits asynchronously
    /// (<c>synchronous_commit = off</c>): a crash may lose the last commits but never corrupts the database.
    /// </remarks>
    public override DbConnection Connect(string target, bool durable)
    {
        string cs = ConnectionString(target);
        var c = new NpgsqlConnection(cs);
        try
        {
            c.Open();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            c.Dispose();
            CreateDatabase(cs);
            c = new NpgsqlConnection(cs);
            c.Open();
        }
        // A pooled connection may be one the server dropped (it restarted, or ended idle sessions): the first statement finds
        // out, and that pool is emptied and a new connection opened once.
        try
        {
            Exec(c, durable ? "SET synchronous_commit = on" : "SET synchronous_commit = off");
        }
        catch (Exception e) when (e is NpgsqlException { IsTransient: true } or PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown })
        {
            NpgsqlConnection.ClearPool(c);
            c.Dispose();
            c = new NpgsqlConnection(cs);
            c.Open();
            Exec(c, durable ? "SET synchronous_commit = on" : "SET synchronous_commit = off");
        }
        return c;
    }

    private static void CreateDatabase(string cs)
    {
        var b = new NpgsqlConnectionStringBuilder(cs);
        string name = b.Database ?? throw new InvalidOperationException("The connection string names no database (Database=…).");
        b.Database = "postgres";
        b.Pooling = false;
        using var admin = new NpgsqlConnection(b.ConnectionString);
        admin.Open();
        try
        {
            Exec(admin, $"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // another process created it meanwhile
        }
    }

    /// <inheritdoc/>
    public override void UseDatabase(DbContextOptionsBuilder options, DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(options);
        Configure(options.UseNpgsql(connection, o => o.MigrationsAssembly(typeof(PostgresProvider).Assembly.GetName().Name)));
    }

    /// <summary>
    /// The services this provider replaces in EF Core (the append-only triggers come with the tables they guard) and the hook that
    /// creates monitoring readings' monthly partitions (<see cref="MonitoringPartitions"/>).
    /// </summary>
    internal static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) =>
        options.ReplaceService<IMigrationsSqlGenerator, PostgresMigrationsSqlGenerator>().AddInterceptors(MonitoringPartitions.Interceptor);

    /// <inheritdoc/>
    /// <remarks>READ COMMITTED plus the ledger's transaction-scoped advisory lock as the first statement: see the class remarks.</remarks>
    public override DbTransaction BeginWrite(DbConnection connection)
    {
        var npg = (NpgsqlConnection)connection;
        var tx = npg.BeginTransaction(IsolationLevel.ReadCommitted);
        try
        {
            using var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@p0)", npg, tx);
            cmd.Parameters.AddWithValue("p0", WriteLockKey);
            cmd.ExecuteNonQuery();
            return tx;
        }
        catch
        {
            tx.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override DbTransaction BeginRead(DbConnection connection)
    {
        var npg = (NpgsqlConnection)connection;
        var tx = npg.BeginTransaction(IsolationLevel.RepeatableRead);
        try
        {
            using var cmd = new NpgsqlCommand("SET TRANSACTION READ ONLY", npg, tx);
            cmd.ExecuteNonQuery();
            return tx;
        }
        catch
        {
            tx.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// <c>BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY</c> issued as SQL, so the EF contexts and commands of the read need no
    /// transaction object: the snapshot is taken at the first query and held until <c>ROLLBACK</c>, while writers commit.
    /// </remarks>
    public override IDisposable ReadSnapshot(DbConnection connection)
    {
        Exec(connection, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        return new EndSnapshot(connection);
    }

    /// <inheritdoc/>
    public override ILedgerSession OpenSession(DbConnection connection) => new LedgerSession(new PostgresStatements((NpgsqlConnection)connection));

    /// <inheritdoc/>
    /// <remarks>Serialization failure (40001) and deadlock (40P01): the transaction was rolled back and may simply run again.</remarks>
    public override bool IsRetryable(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }
        || exception.InnerException is { } inner && IsRetryable(inner);

    /// <inheritdoc/>
    /// <remarks>
    /// A connection that failed without a server error (I/O, socket, timeout), or a server error of class 57 (shutdown, starting),
    /// 08 (connection), 53 (resources), 28 (authentication) or 3D (no such database).
    /// </remarks>
    public override bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState[..2] is "57" or "08" or "53" or "28" or "3D",
        NpgsqlException { IsTransient: true } => true,
        _ => false,
    };

    /// <inheritdoc/>
    /// <remarks>PostGIS: the overlay's polygons go to temporary tables of this session (<see cref="PostgisOverlay"/>).</remarks>
    public override IPolygonOverlay Overlay(DbConnection connection) => new PostgisOverlay((NpgsqlConnection)connection);

    /// <inheritdoc/>
    /// <remarks>One PostGIS query on <c>project_units.geom</c> (GiST index): see <see cref="PostgisOverlay.UnitsIntersecting"/>.</remarks>
    public override IReadOnlyList<UnitOverlap> UnitsIntersecting(DbConnection connection, Geometry area, string? projectId) =>
        PostgisOverlay.UnitsIntersecting((NpgsqlConnection)connection, area, projectId);

    private static void Exec(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private sealed class EndSnapshot(DbConnection connection) : IDisposable
    {
        public void Dispose()
        {
            if (connection.State == ConnectionState.Open)
            {
                Exec(connection, "ROLLBACK");
            }
        }
    }
}

/// <summary>The command path's statements on PostgreSQL: cached commands that Npgsql prepares on their second use.</summary>
internal sealed class PostgresStatements(NpgsqlConnection connection) : LedgerStatements(connection)
{
    /// <inheritdoc/>
    public override object Date(DateOnly date) => date;
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model (run by <c>ef-migrations.sh</c>; no server is contacted).</summary>
public sealed class PostgresLedgerDbContextFactory : IDesignTimeDbContextFactory<LedgerDbContext>
{
    /// <inheritdoc/>
    public LedgerDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<LedgerDbContext>()
            .UseNpgsql("Host=localhost;Database=ecoledger_design_time", o => o.MigrationsAssembly(typeof(PostgresProvider).Assembly.GetName().Name));
        PostgresProvider.Configure(options);
        return new LedgerDbContext(options.Options);
    }
}
