using System.Data.Common;
using System.Reflection;
using EcoLedger.Ledger;
using EcoLedger.Spatial;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;

namespace EcoLedger.Storage;

/// <summary>
/// What a database engine brings to a ledger: the connection and its settings, the EF Core provider and migrations, how a write
/// transaction takes its lock, how a consistent read snapshot is taken, and the fast store of the credit ledger's command path.
/// Everything else (the model, the command runner, the audit, the queries) is written once against ADO.NET and EF Core.
/// </summary>
/// <remarks>
/// The provider is chosen by the target: <see cref="For"/> asks each registered provider whether it accepts it (a file path goes to
/// SQLite). The known provider assemblies are loaded by name and their public providers created, so a host only references them.
/// </remarks>
public abstract class StorageProvider
{
    private static readonly string[] KnownAssemblies = ["EcoLedger.Storage.Sqlite", "EcoLedger.Storage.Postgres"];
    private static readonly List<StorageProvider> Providers = [];
    private static readonly Lock Gate = new();
    private static bool _loaded;
    private string[]? _migrationIds;

    /// <summary>A short name for messages (<c>sqlite</c>).</summary>
    public abstract string Name { get; }

    /// <summary>True when <paramref name="target"/> (a path or a connection string) is a database of this provider.</summary>
    public abstract bool Accepts(string target);

    /// <summary><paramref name="target"/> as shown in messages and logs (a connection string without its password).</summary>
    public virtual string Display(string target) => target;

    /// <summary>True when <paramref name="target"/> is an existing ledger database (the default: the file exists).</summary>
    public virtual bool Exists(string target) => File.Exists(target);

    /// <summary>
    /// The path prefix of the files that belong to the ledger at <paramref name="target"/>: its checkpoint key pair is
    /// <c>PREFIX.key.pem</c> and <c>PREFIX.pub.pem</c>. The default is the database file itself (the keys sit beside it).
    /// </summary>
    public virtual string FilesBase(string target) => target;

    /// <summary>Opens a connection to <paramref name="target"/> with the provider's settings; <paramref name="durable"/> false only for benchmark loads.</summary>
    public abstract DbConnection Connect(string target, bool durable);

    /// <summary>Configures EF Core for the connection (provider and migrations assembly).</summary>
    public abstract void UseDatabase(DbContextOptionsBuilder options, DbConnection connection);

    /// <summary>
    /// Applies the pending migrations of <paramref name="context"/> to <paramref name="target"/>. The default is EF Core's
    /// <c>Migrate()</c>; a provider whose migration lock can outlive a killed process overrides it to repair that lock and to
    /// wait a bounded time for a live migrator.
    /// </summary>
    public virtual void Migrate(LedgerDbContext context, string target)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Database.Migrate();
    }

    /// <summary>Begins a write transaction that holds the write lock from its start (no upgrade deadlocks between writers).</summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Begins a read-only transaction (dry runs and read questions that need a transaction object).</summary>
    public abstract DbTransaction BeginRead(DbConnection connection);

    /// <summary>
    /// Starts a snapshot in which every following read on <paramref name="connection"/> sees the same committed state, until disposed;
    /// commands need no transaction object of their own.
    /// </summary>
    public abstract IDisposable ReadSnapshot(DbConnection connection);

    /// <summary>
    /// True when <paramref name="exception"/> means the server rolled the transaction back so that it may run again unchanged
    /// (PostgreSQL's serialization failure or deadlock); the command runner then retries the command in a new transaction.
    /// </summary>
    public virtual bool IsRetryable(Exception exception) => false;

    /// <summary>
    /// True when <paramref name="exception"/> (one link of a chain) says the database server, not the command, failed: the
    /// connection was lost, the server is shutting down or starting, or refused the session. Hosts report it as an environment error.
    /// </summary>
    public virtual bool IsUnavailable(Exception exception) => false;

    /// <summary>The first exception in <paramref name="exception"/>'s chain that a loaded provider calls a server failure, or null.</summary>
    public static Exception? FindUnavailable(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        List<StorageProvider> providers;
        lock (Gate)
        {
            providers = [.. Providers];
        }
        for (Exception? x = exception; x is not null; x = x.InnerException)
        {
            if (providers.Any(p => p.IsUnavailable(x)))
            {
                return x;
            }
        }
        return null;
    }

    /// <summary>Where polygon overlays run on this store: NTS in memory here; PostGIS on PostgreSQL (<c>zones screen --db</c>).</summary>
    /// <param name="connection">An open connection of this provider, used for the overlay's lifetime.</param>
    public virtual IPolygonOverlay Overlay(DbConnection connection) => NtsPolygonOverlay.Instance;

    /// <summary>
    /// The project units whose stored outline intersects <paramref name="area"/> (CGCS2000 lon/lat), with their areas
    /// (<see cref="UnitsInArea"/>): here the outlines are read and overlaid in memory with NTS; PostgreSQL runs the query in PostGIS.
    /// </summary>
    /// <param name="connection">An open connection inside the caller's read snapshot.</param>
    /// <param name="area">The polygon, SRID 4490.</param>
    /// <param name="projectId">Only this project's units, or every project's.</param>
    public virtual IReadOnlyList<UnitOverlap> UnitsIntersecting(DbConnection connection, Geometry area, string? projectId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        UnitsInArea.RequireArea(area);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT project_id, unit_id, geometry_wkb FROM project_units WHERE geometry_wkb IS NOT NULL" +
            (projectId is null ? "" : " AND project_id = @project");
        if (projectId is not null)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@project";
            p.Value = projectId;
            cmd.Parameters.Add(p);
        }
        var units = new List<(string, string, Geometry)>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                units.Add((r.GetString(0), r.GetString(1), UnitGeometry.FromEwkb((byte[])r.GetValue(2))));
            }
        }
        return UnitsInArea.Find(units, area);
    }

    /// <summary>The per-connection state of the credit ledger's fast path (prepared statements); disposed with the database.</summary>
    public abstract ILedgerSession OpenSession(DbConnection connection);

    /// <summary>
    /// True when every migration in this provider's assembly is recorded as applied in <paramref name="connection"/>'s database, read
    /// with one query. Asking EF Core the same question first builds its services and model, which cost each CLI call more than
    /// everything else it did; when this says false (a new database, an older schema, any doubt) the caller asks EF Core, which migrates.
    /// </summary>
    /// <remarks>
    /// Migrations are found as EF Core finds them (<see cref="Migration"/> subclasses of <see cref="LedgerDbContext"/> with a
    /// <see cref="MigrationAttribute"/>), in the assembly <see cref="UseDatabase"/> names as the migrations assembly: the provider's own.
    /// </remarks>
    public bool SchemaIsCurrent(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var known = _migrationIds ??= MigrationIds(GetType().Assembly);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                applied.Add(r.GetString(0));
            }
        }
        catch (DbException)
        {
            return false; // no history table yet: a new database
        }
        return known.Length > 0 && known.All(applied.Contains);
    }

    /// <summary>The ids of the ledger's migrations in <paramref name="assembly"/>, oldest first.</summary>
    internal static string[] MigrationIds(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(LedgerDbContext))
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>Registers a provider that is not one of the known assemblies (tests, a host's own provider).</summary>
    public static void Register(StorageProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (Gate)
        {
            RegisterLocked(provider);
        }
    }

    private static void RegisterLocked(StorageProvider provider)
    {
        if (Providers.All(p => p.GetType() != provider.GetType()))
        {
            Providers.Add(provider);
        }
    }

    /// <summary>The provider for <paramref name="target"/>.</summary>
    /// <exception cref="InvalidOperationException">No registered provider accepts it (a provider assembly is missing from the host).</exception>
    public static StorageProvider For(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (Gate)
        {
            if (!_loaded)
            {
                _loaded = true;
                foreach (var name in KnownAssemblies)
                {
                    try
                    {
                        var asm = Assembly.Load(new AssemblyName(name));
                        foreach (var t in asm.GetExportedTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(StorageProvider))))
                        {
                            RegisterLocked((StorageProvider)Activator.CreateInstance(t)!);
                        }
                    }
                    catch (FileNotFoundException)
                    {
                        // not shipped with this host
                    }
                }
            }
            return Providers.FirstOrDefault(p => p.Accepts(target))
                ?? throw new InvalidOperationException($"No storage provider accepts '{target}' (loaded: {string.Join(", ", Providers.Select(p => p.Name))}).");
        }
    }
}

/// <summary>The fast path of one connection: creates the credit ledger's store for each transaction.</summary>
public interface ILedgerSession : IDisposable
{
    /// <summary>The store of one transaction (<paramref name="transaction"/> null: reads outside a transaction).</summary>
    ILedgerWriteStore Begin(DbTransaction? transaction, Dictionary<string, Participant> participantCache, int preloadAfterHolders);
}

/// <summary>
/// The credit ledger's store inside a command's transaction: <see cref="ILedgerStore"/> plus the journal head, request ids and the
/// buffered writes that <see cref="Flush"/> sends to the database.
/// </summary>
public interface ILedgerWriteStore : ILedgerStore
{
    /// <summary>The last journal entry's sequence number and hash (0 and the genesis hash when empty).</summary>
    (long Seq, string Hash) Head { get; }

    /// <summary>Appends a sealed journal entry.</summary>
    void AppendJournal(JournalEntry entry);

    /// <summary>Records a request id with its command hash and journal entry.</summary>
    void AddRequestRecord(RequestRecord record);

    /// <summary>A request id recorded earlier (in the database or in this transaction).</summary>
    RequestRecord? FindRequestRecord(string requestId);

    /// <summary>A journal entry written earlier (in the database or in this transaction).</summary>
    JournalEntry FindJournal(long seq);

    /// <summary>A journal entry written earlier, or null.</summary>
    JournalEntry? TryFindJournal(long seq);

    /// <summary>Writes everything pending to the open transaction (the caller commits).</summary>
    void Flush();
}

/// <summary>Another writer changed a block this command read: the command is retried or fails.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
