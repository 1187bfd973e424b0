using System.Data.Common;
using EcoLedger.Ledger;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>The outcome of a command: its journal entry, and whether it was an idempotent repeat of an earlier one.</summary>
/// <param name="Entry">The journal entry the command produced (or produced the first time).</param>
/// <param name="Repeated">True when the request id had been seen with the same content: nothing was written now.</param>
public sealed record CommandResult(JournalEntry Entry, bool Repeated)
{
    /// <summary>The payload record, read back from the journal entry.</summary>
    public object Payload => Journal.ReadPayload(Entry.Kind, Entry.Payload);

    /// <summary>
    /// The payload as the engine decided it in this run, the same record the journal entry was sealed from; null for a repeat, whose
    /// payload exists only in the journal. A host that needs figures from it (e.g. the readings, corrections and repeats of an ingest
    /// batch) reads them here rather than parsing the entry it has just written.
    /// </summary>
    public object? Decided { get; init; }

    /// <summary>
    /// True when the command changed nothing (<see cref="PendingEvent.Unchanged"/>): nothing was written, and <see cref="Entry"/> is the
    /// event it would have journaled (its sequence number is not in the journal).
    /// </summary>
    public bool Unchanged { get; init; }

    /// <summary><see cref="Decided"/> when this run decided it, else the payload read back from the journal.</summary>
    public T PayloadAs<T>() where T : class => Decided as T ?? (T)Payload;
}

/// <summary>One command of a batch: the typed command, the actor it claims, its idempotency id and the participant's signature.</summary>
/// <param name="Command">What to do.</param>
/// <param name="Actor">The acting participant (null: none given).</param>
/// <param name="RequestId">Its idempotency id (may be null; required when signed).</param>
/// <param name="Signature">The actor's (or an entering registry's) signature (<see cref="CommandSignatures"/>), or null.</param>
/// <param name="Credential">The credential a host authenticated the actor by (<see cref="CommandAccepted.Credential"/>): the server's token
/// or session; null on the CLI. With one, the command's acceptance is journaled with it.</param>
public sealed record CommandRequest(ICommand Command, string? Actor = null, string? RequestId = null, CommandSignature? Signature = null,
    string? Credential = null);

/// <summary>Per-row outcome of a batch.</summary>
/// <param name="Row">1-based row number.</param>
/// <param name="RequestId">The row's request id.</param>
/// <param name="Status"><c>ok</c>, <c>repeated</c>, <c>error</c> or <c>not_applied</c> (another row failed).</param>
/// <param name="Seq">Journal entry, when applied or repeated.</param>
/// <param name="Error">The error, for the failed row.</param>
public sealed record BatchRowResult(int Row, string? RequestId, string Status, long? Seq, string? Error);

/// <summary>
/// A ledger database with the schema of <see cref="LedgerDbContext"/>, applied by the provider's migrations (<see cref="StorageProvider"/>:
/// one SQLite file in WAL mode by default). Every command runs through <see cref="Commands"/> in one write transaction that checks,
/// updates the tables, appends its journal entry and signs a checkpoint.
/// </summary>
public sealed partial class LedgerDatabase : IDisposable
{
    internal readonly DbConnection _connection;
    private readonly Lazy<DbContextOptions<LedgerDbContext>> _options;
    internal readonly TimeProvider _time;
    internal readonly StorageProvider _provider;
    internal readonly ILedgerSession _session;
    internal readonly SqlText _sql;
    // Plain reads between commands (balances): prepared once, never in a transaction.
    private readonly SqlText _reads;
    internal readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);

    private LedgerDatabase(string target, TimeProvider time, bool durable)
    {
        _time = time;
        _provider = StorageProvider.For(target);
        Path = _provider.Display(target);
        _connection = _provider.Connect(target, durable);
        // Built on first use: configuring EF Core loads its provider and the compiled model, which plain-SQL reads never need.
        _options = new(() =>
        {
            var options = new DbContextOptionsBuilder<LedgerDbContext>();
            _provider.UseDatabase(options, _connection);
            return options.Options;
        });
        _session = _provider.OpenSession(_connection);
        _sql = new SqlText(_connection);
        _reads = new SqlText(_connection);
        Commands = new CommandRunner(this);
    }

    /// <summary>After how many distinct holders one command reads all holdings in one scan (tests lower it).</summary>
    internal int PreloadAfterHolders { get; set; } = 64;

    /// <summary>The database file, or the connection string without its password (for messages).</summary>
    public string Path { get; }

    /// <summary>The open connection (for read-only queries and tests).</summary>
    public DbConnection Connection => _connection;

    /// <summary>
    /// Opens (and creates or upgrades by migrations) a ledger database. With <paramref name="durable"/> every commit is
    /// fsynced; without it (benchmarks of batch loads only) the provider may relax durability.
    /// </summary>
    public static LedgerDatabase Open(string path, TimeProvider? time = null, bool durable = true)
    {
        var db = new LedgerDatabase(path, time ?? TimeProvider.System, durable);
        // Most opens find the schema current: one query answers that, where EF Core would first build its services and model.
        if (db._provider.SchemaIsCurrent(db._connection))
        {
            return db;
        }
        using var ctx = db.NewContext();
        // Migrate() takes EF's migration lock; most opens find nothing pending, and concurrent processes must not queue on the lock.
        if (ctx.Database.GetPendingMigrations().Any())
        {
            db._provider.Migrate(ctx, path);
        }
        return db;
    }

    /// <summary><paramref name="target"/> as messages and logs show it: a connection string loses its password.</summary>
    public static string Display(string target) => StorageProvider.For(target).Display(target);

    /// <summary>True when <paramref name="target"/> (a file or a connection string) is an existing ledger database.</summary>
    public static bool Exists(string target) => StorageProvider.For(target).Exists(target);

    /// <summary>The path prefix of the ledger's own files (its checkpoint key pair): the database file, or for a server database a file in a directory (<see cref="StorageProvider.FilesBase"/>).</summary>
    public static string FilesOf(string target) => StorageProvider.For(target).FilesBase(target);

    /// <summary>The path prefix of this ledger's own files (<see cref="FilesOf"/>).</summary>
    public string FilesBase => _provider.FilesBase(Path);

    /// <summary>The default database path: <c>ECOLEDGER_DB</c> or <c>ecoledger.db</c>.</summary>
    public static string DefaultPath => Environment.GetEnvironmentVariable("ECOLEDGER_DB") is { Length: > 0 } p ? p : "ecoledger.db";

    /// <summary>The one way every command is run: transaction, idempotency, actor, decide, apply, journal, checkpoint.</summary>
    public CommandRunner Commands { get; }

    /// <summary>Runs one command (<see cref="CommandRunner.Run(CommandRequest)"/>).</summary>
    public CommandResult Run(ICommand command, string? actor = null, string? requestId = null, CommandSignature? signature = null) =>
        Commands.Run(new CommandRequest(command, actor, requestId, signature));

    /// <summary>Runs one command request (with the host's credential, if any); a refusal throws <see cref="LedgerException"/>.</summary>
    public CommandResult Run(CommandRequest request) => Commands.Run(request);

    /// <summary>A short-lived context on this database's connection (reads).</summary>
    public LedgerDbContext NewContext() => new(_options.Value);

    /// <summary>The credit ledger's store for a transaction (<paramref name="transaction"/> null: plain reads).</summary>
    internal ILedgerWriteStore LedgerStore(DbTransaction? transaction)
    {
        _sql.Transaction = transaction;
        return _session.Begin(transaction, _participants, PreloadAfterHolders);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        _sql.Dispose();
        _reads.Dispose();
        _connection.Dispose();
        _signer?.Dispose();
    }
}
