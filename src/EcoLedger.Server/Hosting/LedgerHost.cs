using EcoLedger.Audit;
using EcoLedger.Ledger;
using EcoLedger.Server.Auth;
using EcoLedger.Storage;
using Microsoft.Extensions.Options;

namespace EcoLedger.Server.Hosting;

/// <summary>
/// The one open ledger database of the server, and the gate every request passes to use it. A <see cref="LedgerDatabase"/> holds one
/// connection and SQLite takes one writer at a time, so requests take turns: commands run one after another through the same
/// <see cref="CommandRunner"/> the CLI uses, each in its own durable transaction.
/// </summary>
public sealed class LedgerHost : IDisposable
{
    private readonly TimeProvider _time;
    private readonly bool _sqlite;
    private LedgerDatabase _db;
    private readonly SemaphoreSlim _gate = new(1, 1);
    // Read connections: as many as there are cores, so concurrent balance reads run side by side instead of queuing on one.
    private static readonly int Readers = Math.Max(2, Environment.ProcessorCount);
    private readonly SemaphoreSlim _readGate = new(Readers, Readers);
    private readonly System.Collections.Concurrent.ConcurrentBag<LedgerDatabase> _readers = [];

    /// <summary>Opens (creating on first run) the ledger named by the options.</summary>
    public LedgerHost(IOptions<ServerOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        string? dir = Path.GetDirectoryName(Path.GetFullPath(LedgerDatabase.FilesOf(Options.Database)));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }
        _time = time;
        _sqlite = StorageProvider.For(Options.Database).GetType().Name == "SqliteProvider";
        _db = Open();
    }

    private LedgerDatabase Open()
    {
        var db = LedgerDatabase.Open(Options.Database, _time);
        if (Options.SigningKey is { Length: > 0 } key)
        {
            db.KeyStore = new FileKeyStore(key);
        }
        return db;
    }

    /// <summary>The settings the ledger was opened with.</summary>
    public ServerOptions Options { get; }

    /// <summary>Runs <paramref name="use"/> with the database once no other request is using it.</summary>
    public async Task<T> UseAsync<T>(Func<LedgerDatabase, T> use, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(use);
        await _gate.WaitAsync(cancel).ConfigureAwait(false);
        return Using(use);
    }

    /// <summary>
    /// <see cref="UseAsync{T}"/> for a thread of its own (the <see cref="WriteQueue"/>'s writer): waits for the database by blocking
    /// the calling thread.
    /// </summary>
    public T Use<T>(Func<LedgerDatabase, T> use)
    {
        ArgumentNullException.ThrowIfNull(use);
        _gate.Wait();
        return Using(use);
    }

    // Runs `use` holding the gate, which it releases.
    private T Using<T>(Func<LedgerDatabase, T> use)
    {
        try
        {
            return use(_db);
        }
        catch (Exception e) when (StorageProvider.FindUnavailable(e) is not null)
        {
            // The database server restarted or the connection broke: the next request opens a new connection (the failed
            // command's transaction died with the old one: nothing of it was committed).
            try
            {
                _db.Dispose();
                _db = Open();
            }
            catch (Exception reopen) when (StorageProvider.FindUnavailable(reopen) is not null)
            {
                // still down: the next request tries again
            }
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs a plain-SQL read (balances, blocks: no command runs, no cached ledger state is used) on connections of its own to a SQLite
    /// ledger: in WAL mode it reads the last committed state while the writer commits a group, so these reads never wait for a group's
    /// fsync (a command's 201 is sent after its commit, so a client reads its own writes); up to one read per core runs at a time, each on
    /// a connection of its own. Other reads, and PostgreSQL ledgers, go
    /// through <see cref="UseAsync{T}"/>.
    /// </summary>
    public async Task<T> ReadCommittedAsync<T>(Func<LedgerDatabase, T> read, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!_sqlite)
        {
            return await UseAsync(read, cancel).ConfigureAwait(false);
        }
        await _readGate.WaitAsync(cancel).ConfigureAwait(false);
        LedgerDatabase? reader = null;
        try
        {
            if (!_readers.TryTake(out reader))
            {
                reader = LedgerDatabase.Open(Options.Database, _time);
                reader.KeepPostingTotals(); // it only reads: a balance adds the postings since its last read (LedgerDatabase.KeepPostingTotals)
            }
            return read(reader);
        }
        finally
        {
            if (reader is not null)
            {
                _readers.Add(reader);
            }
            _readGate.Release();
        }
    }

    /// <summary>
    /// First run: an empty ledger is initialised as <c>ecoledger ledger init</c> does (system accounts, ledger id, checkpoint key) and
    /// gets its registry participant (<see cref="ServerOptions.RegistryParticipant"/>), both as journaled commands; then, when the
    /// server has never issued a token, one registry token is created and written to <see cref="ServerOptions.AdminTokenPath"/> with
    /// mode 0600. The token appears nowhere else: not in the log, not on the console. Returns the path written, or null.
    /// </summary>
    public string? Bootstrap(ServerStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return UseAsync(db =>
        {
            if (!db.JournalEvents(1, 1).Any())
            {
                db.Run(new InitializeLedger());
            }
            db.InitializeAudit(null);
            using (var ctx = db.NewContext())
            {
                if (!ctx.Participants.Any(p => p.Role == Role.Registry))
                {
                    db.Run(new AddParticipant(Options.RegistryParticipant, Role.Registry, "Registry administrator"));
                }
            }
            if (store.TokenCount() > 0)
            {
                return null;
            }
            using (var ctx = db.NewContext())
            {
                var registry = ctx.Participants.SingleOrDefault(p => p.Id == Options.RegistryParticipant);
                if (registry is null || registry.Role != Role.Registry)
                {
                    throw new InvalidOperationException($"The ledger {db.Path} has no registry participant '{Options.RegistryParticipant}' for the " +
                        "first-run administrator token; set EcoLedger:RegistryParticipant to one of its registry participants.");
                }
            }
            var (_, secret) = store.CreateToken(Options.RegistryParticipant, [ServerRoles.Registry], TimeSpan.FromDays(Options.BootstrapTokenDays),
                "bootstrap", null);
            WriteOwnerOnly(Options.AdminTokenPath, secret + "\n");
            return Options.AdminTokenPath;
        }).GetAwaiter().GetResult();
    }

    /// <summary>Writes a secret file readable and writable by its owner only (mode 0600), replacing any earlier one.</summary>
    private static void WriteOwnerOnly(string path, string content)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
        writer.Write(content);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _db.Dispose();
        foreach (var reader in _readers)
        {
            reader.Dispose();
        }
        _gate.Dispose();
        _readGate.Dispose();
    }
}
