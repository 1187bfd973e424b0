using System.Data.Common;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using EcoLedger.Ledger.Interop;
using EcoLedger.Monitoring;
using EcoLedger.Pricing;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>
/// Runs every command of every module the same way, in one write transaction (<c>BEGIN IMMEDIATE</c> on SQLite): the request id is looked up (a repeat
/// with the same <see cref="CommandHash"/> returns the original entry and writes nothing; a different hash is refused), the actor is
/// resolved once (<see cref="Actor.Resolve"/>), the module's engine decides (typed event or a refusal), the module's applier changes
/// its tables from the event, the event is sealed onto the hash chain, a checkpoint is signed, and everything commits together.
/// </summary>
/// <remarks>
/// Hosts (CLI, server) only build <see cref="ICommand"/> records and call this; nothing else writes a table, which is what lets the
/// journal replay rebuild every table (<see cref="LedgerDatabase.VerifyLive"/>). A block version conflict, and a provider's serialization failure or deadlock (<see cref="StorageProvider.IsRetryable"/>), is retried
/// up to five times inside the command: the caller sees a result or a refusal, never the conflict.
/// </remarks>
public sealed class CommandRunner
{
    private const int MaxAttempts = 5;
    private const int FlushEvery = 2_000;
    private const int MaxHeldEntries = 2_048;
    private readonly LedgerDatabase _db;

    internal CommandRunner(LedgerDatabase db) => _db = db;

    /// <summary>Runs after each decision, inside the transaction (tests simulate a concurrent writer with it).</summary>
    internal Action? AfterDecide { get; set; }

    /// <summary>Runs one command; a refusal throws <see cref="LedgerException"/> and nothing is written.</summary>
    public CommandResult Run(ICommand command, string? actor = null, string? requestId = null, CommandSignature? signature = null) =>
        Run(new CommandRequest(command, actor, requestId, signature));

    /// <summary>Runs one command request; a refusal throws <see cref="LedgerException"/> and nothing is written.</summary>
    public CommandResult Run(CommandRequest request)
    {
        var results = RunWithRetry([request], keep: true, out _, out var refusal);
        return results is null ? throw refusal! : results[0];
    }

    /// <summary>
    /// Runs concurrent commands as one group (a host's single writer): all-or-nothing in one transaction, like <see cref="RunBatch"/>, but
    /// answering each command's own result (its journal entry, or the original one for a repeated request id) so the host needs no read
    /// after the commit. Null when one of them was refused: nothing was written, and <paramref name="refusal"/> says why.
    /// </summary>
    public IReadOnlyList<CommandResult>? RunGroup(IReadOnlyList<CommandRequest> items, out LedgerException? refusal)
    {
        ArgumentNullException.ThrowIfNull(items);
        return RunWithRetry(items, keep: true, out _, out refusal);
    }

    /// <summary>
    /// Runs commands all-or-nothing in one transaction, each deciding against the state the previous ones left. Returns per-row
    /// results; when one row fails nothing is written and the others are <c>not_applied</c>.
    /// </summary>
    public IReadOnlyList<BatchRowResult> RunBatch(IReadOnlyList<CommandRequest> items, out bool committed)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = RunWithRetry(items, keep: false, out var rows, out _);
        committed = results is not null;
        return rows;
    }

    /// <summary>Decides a command without writing anything (<c>--dry-run</c>): the event it would append now.</summary>
    public PendingEvent Decide(ICommand command, string? actor)
    {
        using var tx = _db._provider.BeginRead(_db._connection);
        using var unit = new UnitOfWork(_db, tx);
        try
        {
            return unit.Decide(command, Actor.Resolve(unit.Ledger, actor, command));
        }
        finally
        {
            tx.Rollback();
            _db._participants.Clear();
        }
    }

    /// <summary>
    /// Rebuilds this database's tables from journal entries of another, through the same appliers commands use (nothing is decided):
    /// the entries are copied into this journal and each one changes the tables as it did when its command ran. The database must be
    /// empty; no checkpoint is signed (the rebuilt copy has no key). Request ids come back from the <see cref="CommandAccepted"/> entries.
    /// </summary>
    public long Replay(IEnumerable<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var tx = _db._provider.BeginWrite(_db._connection);
        using var unit = new UnitOfWork(_db, tx);
        if (unit.Ledger.Head.Seq != 0)
        {
            throw new InvalidOperationException($"{_db.Path} already has a journal; replay needs an empty database.");
        }
        long n = 0;
        try
        {
            foreach (var e in entries)
            {
                unit.Apply(new PendingEvent(e.Kind, e.Actor, Journal.ReadPayload(e.Kind, e.Payload)), e.Seq);
                unit.Ledger.AppendJournal(e);
                if (++n % FlushEvery == 0)
                {
                    unit.Ledger.Flush();
                }
            }
            unit.Ledger.Flush();
            tx.Commit();
            return n;
        }
        finally
        {
            _db._participants.Clear();
        }
    }

    private List<CommandResult>? RunWithRetry(IReadOnlyList<CommandRequest> items, bool keep, out List<BatchRowResult> rows, out LedgerException? refusal)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return RunOnce(items, keep, out rows, out refusal);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Another writer changed a block between our read and our write; decide again on the new state.
            }
            catch (ConcurrencyConflictException e)
            {
                throw new LedgerException($"{e.Message} Gave up after {MaxAttempts} attempts; nothing was written. Retry the command.");
            }
            catch (Exception e) when (_db._provider.IsRetryable(e))
            {
                if (attempt >= MaxAttempts)
                {
                    throw new LedgerException($"The database kept rolling this command back because of concurrent transactions ({e.Message}); " +
                        $"gave up after {MaxAttempts} attempts and nothing was written. Retry the command.");
                }
                // The server rolled the transaction back (serialization failure or deadlock): run it again after a short random pause.
                Thread.Sleep(Random.Shared.Next(1, 10 * attempt));
            }
        }
    }

    // keep: answer each command's entry (single commands, a host's groups); batch imports of many rows answer per-row status only.
    private List<CommandResult>? RunOnce(IReadOnlyList<CommandRequest> items, bool keep, out List<BatchRowResult> rows, out LedgerException? refusal)
    {
        refusal = null;
        // Signatures are bound to the ledger id, which never changes once set: read it before the write transaction.
        string? ledgerId = items.Any(i => i.Signature is not null) ? _db.AuditIdentity()?.LedgerId : null;
        using var tx = _db._provider.BeginWrite(_db._connection);
        using var unit = new UnitOfWork(_db, tx);
        var store = unit.Ledger;
        var results = new List<CommandResult>(keep ? items.Count : 0);
        rows = new List<BatchRowResult>(items.Count);
        // The entries this transaction appends, for the checkpoint to hash without reading them back (a large import reads them).
        List<JournalEntry>? appended = items.Count <= MaxHeldEntries ? new(2 * items.Count) : null;
        bool commit = false; // false while every command so far changed nothing
        try
        {
            for (int i = 0; i < items.Count; i++)
            {
                var item = items[i];
                try
                {
                    // The content hash serves idempotency only: a command without a request id is not hashed.
                    // Serialised once, only when it will be fingerprinted or journaled as accepted.
                    var canonical = item.RequestId is null && item.Signature is null && item.Credential is null ? null : CommandHash.Canonical(item.Command);
                    string? hash = canonical?.Fingerprint(item.Actor);
                    if (item.RequestId is { } rid && store.FindRequestRecord(rid) is { } seen)
                    {
                        if (seen.Fingerprint != hash)
                        {
                            throw LedgerException.RequestIdReused(rid, seen.Seq);
                        }
                        if (keep)
                        {
                            results.Add(new CommandResult(store.FindJournal(seen.Seq), true));
                        }
                        rows.Add(new BatchRowResult(i + 1, rid, "repeated", seen.Seq, null));
                        commit = true;
                        continue;
                    }
                    var actor = Actor.Resolve(store, item.Actor, item.Command);
                    var accepted = CommandSignatures.Authorize(store, actor, canonical, hash, item.RequestId, item.Signature, ledgerId, item.Credential);
                    var pending = unit.Decide(item.Command, actor);
                    AfterDecide?.Invoke();
                    var (seq, prev) = store.Head;
                    var now = _db._time.GetUtcNow();
                    if (pending.Unchanged)
                    {
                        // Nothing to journal: no event, no acceptance, no request record (a repeat decides again, and again changes nothing).
                        if (keep)
                        {
                            results.Add(new CommandResult(Journal.Seal(seq + 1, now, pending, prev), false) { Decided = pending.Payload, Unchanged = true });
                        }
                        rows.Add(new BatchRowResult(i + 1, item.RequestId, "unchanged", null, null));
                        continue;
                    }
                    commit = true;
                    if (accepted is not null)
                    {
                        // The request and its signature go into the journal just ahead of the event they produced.
                        var acceptedEvent = new PendingEvent(CommandSignatures.AcceptedKind, actor.Id, accepted);
                        var acceptance = Journal.Seal(seq + 1, now, acceptedEvent, prev);
                        unit.Apply(acceptedEvent, acceptance.Seq);
                        store.AppendJournal(acceptance);
                        appended?.Add(acceptance);
                        (seq, prev) = (acceptance.Seq, acceptance.Hash);
                    }
                    var entry = Journal.Seal(seq + 1, now, pending, prev);
                    unit.Apply(pending, entry.Seq);
                    store.AppendJournal(entry);
                    appended?.Add(entry);
                    if (keep)
                    {
                        results.Add(new CommandResult(entry, false) { Decided = pending.Payload });
                    }
                    rows.Add(new BatchRowResult(i + 1, item.RequestId, "ok", entry.Seq, null));
                    if ((i + 1) % FlushEvery == 0)
                    {
                        store.Flush();
                    }
                }
                catch (LedgerException e)
                {
                    refusal = e; // kept whole: it names the refused fields for the host (LedgerException.Fields)
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
                    _db._participants.Clear();
                    return null;
                }
            }
            if (!commit)
            {
                tx.Rollback(); // every command changed nothing: no checkpoint either
                return results;
            }
            store.Flush();
            _db.AppendCheckpoint(appended: appended);
            tx.Commit();
            return results;
        }
        catch
        {
            _db._participants.Clear();
            throw;
        }
    }

    /// <summary>The stores of one transaction: the credit ledger's fast SQL store, and EF Core for compensation and pricing, on the same transaction.</summary>
    private sealed class UnitOfWork(LedgerDatabase db, DbTransaction tx) : IDisposable
    {
        private LedgerDbContext? _context;
        private EfCompensationStore? _compensation;
        private EfPricingStore? _pricing;
        private SqlMonitoringStore? _monitoring;
        private EfInteropStore? _interop;

        public ILedgerWriteStore Ledger { get; } = db.LedgerStore(tx);

        private LedgerDbContext Context
        {
            get
            {
                if (_context is null)
                {
                    _context = db.NewContext();
                    _context.Database.UseTransaction(tx);
                }
                return _context;
            }
        }

        private EfCompensationStore Compensation => _compensation ??= new EfCompensationStore(Context);

        private EfPricingStore Pricing => _pricing ??= new EfPricingStore(Context, Ledger);

        private SqlMonitoringStore Monitoring => _monitoring ??= new SqlMonitoringStore(Context, ((LedgerSession)db._session).Statements);
        private EfInteropStore Interop => _interop ??= new EfInteropStore(Context);

        public PendingEvent Decide(ICommand command, Actor actor) => command switch
        {
            ILedgerCommand c => new LedgerEngine(Ledger).Decide(actor, c),
            ICompensationCommand c => new CompensationEngine(Compensation, Ledger).Decide(actor, c),
            IPricingCommand c => new PricingEngine(Pricing, Ledger).Decide(actor, c),
            IMonitoringCommand c => new MonitoringEngine(Monitoring, db._time).Decide(actor, c),
            IInteropCommand c => new InteropEngine(Interop, Ledger).Decide(actor, c),
            _ => throw new ArgumentException($"No module runs {command.GetType().Name}.", nameof(command)),
        };

        public void Apply(PendingEvent e, long seq)
        {
            switch (e.Payload)
            {
                case CommandAccepted { RequestId: { } requestId } a:
                    // A request's result is the event that follows its acceptance.
                    Ledger.AddRequestRecord(new RequestRecord(requestId, a.CommandHash, seq + 1));
                    break;
                case ICompensationEvent:
                    CompensationApplier.Apply(Compensation, e.Actor, e.Payload, seq);
                    Context.SaveChanges();
                    break;
                case IPricingEvent:
                    PricingApplier.Apply(Pricing, e.Actor, e.Payload, seq);
                    Context.SaveChanges();
                    break;
                case IMonitoringEvent:
                    MonitoringApplier.Apply(Monitoring, e.Payload, seq);
                    Context.SaveChanges();
                    break;
                case IInteropEvent:
                    InteropApplier.Apply(Interop, e.Actor, e.Payload, seq);
                    Context.SaveChanges();
                    break;
                default:
                    LedgerApplier.Apply(Ledger, e.Kind, e.Actor, e.Payload, seq);
                    break;
            }
        }

        public void Dispose() => _context?.Dispose();
    }
}
