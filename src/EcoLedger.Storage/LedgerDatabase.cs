using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EcoLedger.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>The outcome of a command: its journal entry, and whether it was an idempotent repeat of an earlier one.</summary>
/// <param name="Entry">The journal entry the command produced (or produced the first time).</param>
/// <param name="Repeated">True when the request id had been seen with the same content: nothing was written now.</param>
public sealed record CommandResult(JournalEntry Entry, bool Repeated)
{
    /// <summary>The payload record.</summary>
    public object Payload => Journal.ReadPayload(Entry.Kind, Entry.Payload);
}

/// <summary>One command of a batch.</summary>
/// <param name="RequestId">Its idempotency id (may be null).</param>
/// <param name="Fingerprint">Canonical content for the idempotency check.</param>
/// <param name="Decide">Decides the event against the ledger as left by the previous rows.</param>
public sealed record BatchItem(string? RequestId, string Fingerprint, Func<LedgerEngine, PendingEvent> Decide);

/// <summary>Per-row outcome of a batch.</summary>
/// <param name="Row">1-based row number.</param>
/// <param name="RequestId">The row's request id.</param>
/// <param name="Status"><c>ok</c>, <c>repeated</c>, <c>error</c> or <c>not_applied</c> (another row failed).</param>
/// <param name="Seq">Journal entry, when applied or repeated.</param>
/// <param name="Error">The error, for the failed row.</param>
public sealed record BatchRowResult(int Row, string? RequestId, string Status, long? Seq, string? Error);

/// <summary>
/// A ledger database: one SQLite file in WAL mode with the schema of <see cref="LedgerDbContext"/>, applied by migrations.
/// Every command runs in one <c>BEGIN IMMEDIATE</c> transaction that checks, updates blocks, posts and appends its journal entry.
/// </summary>
public sealed partial class LedgerDatabase : IDisposable
{
    private const int MaxAttempts = 5;
    private const int FlushEvery = 2_000;
    private readonly SqliteConnection _connection;
    private readonly DbContextOptions<LedgerDbContext> _options;
    private readonly TimeProvider _time;
    private readonly Statements _statements;
    private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);

    private LedgerDatabase(string path, TimeProvider time, bool durable)
    {
        _time = time;
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 60, Pooling = false }.ToString());
        _connection.Open();
        Exec("PRAGMA journal_mode=WAL;");
        Exec(durable ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
        Exec("PRAGMA busy_timeout=60000;");
        Exec("PRAGMA cache_size=-65536;"); // 64 MiB of page cache: holders are touched at random
        Exec("PRAGMA temp_store=MEMORY;");
        _options = new DbContextOptionsBuilder<LedgerDbContext>().UseSqlite(_connection).Options;
        _statements = new Statements(_connection);
    }

    /// <summary>After how many distinct holders one command reads all holdings in one scan (tests lower it).</summary>
    internal int PreloadAfterHolders { get; set; } = 64;

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The open connection (for read-only queries and tests).</summary>
    public SqliteConnection Connection => _connection;

    /// <summary>
    /// Opens (and creates or upgrades by migrations) a ledger database. With <paramref name="durable"/> every commit is
    /// fsynced (<c>synchronous=FULL</c>); without it (benchmarks of batch loads only) WAL's <c>NORMAL</c> is used.
    /// </summary>
    public static LedgerDatabase Open(string path, TimeProvider? time = null, bool durable = true)
    {
        var db = new LedgerDatabase(path, time ?? TimeProvider.System, durable);
        using var ctx = db.NewContext();
        // Migrate() takes EF's migration lock; most opens find nothing pending, and concurrent processes must not queue on the lock.
        if (ctx.Database.GetPendingMigrations().Any())
        {
            ctx.Database.Migrate();
        }
        return db;
    }

    /// <summary>The default database path: <c>ECOLEDGER_DB</c> or <c>ecoledger.db</c>.</summary>
    public static string DefaultPath => Environment.GetEnvironmentVariable("ECOLEDGER_DB") is { Length: > 0 } p ? p : "ecoledger.db";

    /// <summary>A canonical fingerprint of a command's content: SHA-256 of the canonical JSON of its arguments.</summary>
    public static string Fingerprint(string command, IEnumerable<KeyValuePair<string, string?>> arguments)
    {
        var o = new JsonObject { ["command"] = command };
        foreach (var (k, v) in arguments)
        {
            o[k] = v;
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Journal.Canonical(o))));
    }

    /// <summary>
    /// Runs one command in one transaction. With a request id seen before: the same fingerprint returns the original result and
    /// writes nothing; a different fingerprint fails. A <see cref="LedgerException"/> from the engine rolls everything back.
    /// A version conflict on a block is retried (up to 5 attempts) and then reported.
    /// </summary>
    public CommandResult Execute(string? requestId, string fingerprint, Func<LedgerEngine, PendingEvent> decide)
    {
        var results = Run([new BatchItem(requestId, fingerprint, decide)], out var rows);
        if (results is null)
        {
            throw new LedgerException(rows[0].Error!);
        }
        return results[0];
    }

    /// <summary>
    /// Runs rows all-or-nothing in one transaction, each deciding against the ledger as the previous rows left it.
    /// Returns per-row results; when one row fails nothing is written and the others are <c>not_applied</c>.
    /// </summary>
    public IReadOnlyList<BatchRowResult> ExecuteBatch(IReadOnlyList<BatchItem> items, out bool committed)
    {
        var results = Run(items, out var rows);
        committed = results is not null;
        return rows;
    }

    private List<CommandResult>? Run(IReadOnlyList<BatchItem> items, out List<BatchRowResult> rows)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return RunOnce(items, out rows);
            }
            catch (ConcurrencyConflictException e) when (attempt < MaxAttempts)
            {
                _ = e;
            }
            catch (ConcurrencyConflictException e)
            {
                throw new LedgerException($"{e.Message} Gave up after {MaxAttempts} attempts; nothing was written. Retry the command.");
            }
        }
    }

    private List<CommandResult>? RunOnce(IReadOnlyList<BatchItem> items, out List<BatchRowResult> rows)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        _statements.Transaction = tx;
        var store = new SqlLedgerStore(_statements, _participants, PreloadAfterHolders);
        var engine = new LedgerEngine(store);
        var results = new List<CommandResult>(items.Count);
        rows = new List<BatchRowResult>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            try
            {
                if (item.RequestId is { } rid && store.FindRequestRecord(rid) is { } seen)
                {
                    if (seen.Fingerprint != item.Fingerprint)
                    {
                        throw new LedgerException($"Request id '{rid}' was already used for a different command (journal entry {seen.Seq}); nothing was written.");
                    }
                    if (items.Count == 1)
                    {
                        results.Add(new CommandResult(store.FindJournal(seen.Seq), true));
                    }
                    rows.Add(new BatchRowResult(i + 1, rid, "repeated", seen.Seq, null));
                    continue;
                }
                var pending = engine.DecideWith(item.Decide);
                var (seq, prev) = store.Head;
                var entry = Journal.Seal(seq + 1, _time.GetUtcNow(), pending, prev);
                LedgerApplier.Apply(store, pending.Kind, pending.Actor, pending.Payload, entry.Seq);
                store.AppendJournal(entry);
                if (item.RequestId is { } id)
                {
                    store.AddRequestRecord(new RequestRecord(id, item.Fingerprint, entry.Seq));
                }
                if (items.Count == 1)
                {
                    results.Add(new CommandResult(entry, false));
                }
                rows.Add(new BatchRowResult(i + 1, item.RequestId, "ok", entry.Seq, null));
                if ((i + 1) % FlushEvery == 0)
                {
                    store.Flush();
                }
            }
            catch (LedgerException e)
            {
                rows.Add(new BatchRowResult(i + 1, item.RequestId, "error", null, e.Message));
                for (int j = i + 1; j < items.Count; j++)
                {
                    rows.Add(new BatchRowResult(j + 1, items[j].RequestId, "not_applied", null, null));
                }
                for (int j = 0; j < i; j++)
                {
                    rows[j] = rows[j] with { Status = "not_applied", Seq = null };
                }
                tx.Rollback();
                _participants.Clear();
                return null;
            }
        }
        try
        {
            store.Flush();
            AppendCheckpoint();
            tx.Commit();
        }
        catch
        {
            _participants.Clear();
            throw;
        }
        return results;
    }

    /// <summary>A short-lived context on this database's connection (reads).</summary>
    public LedgerDbContext NewContext() => new(_options);

    private void Exec(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _statements.Dispose();
        _connection.Dispose();
        _signer?.Dispose();
    }
}
