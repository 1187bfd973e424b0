using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

public sealed partial class LedgerDatabase
{
    /// <summary>
    /// Runs one compensation command in one <c>BEGIN IMMEDIATE</c> transaction, exactly as <see cref="Execute"/> runs a credits command:
    /// the request id is checked (a repeat with the same fingerprint returns the original entry and writes nothing), the engine decides,
    /// the event is sealed onto the hash chain, applied to the compensation tables and appended to the journal, then committed.
    /// A <see cref="LedgerException"/> rolls everything back.
    /// </summary>
    public CommandResult ExecuteCompensation(string? requestId, string fingerprint, Func<CompensationEngine, PendingEvent> decide)
    {
        using var tx = _connection.BeginTransaction(deferred: false);
        _statements.Transaction = tx;
        try
        {
            var ledger = new SqlLedgerStore(_statements, _participants, PreloadAfterHolders);
            if (requestId is { } rid && ledger.FindRequestRecord(rid) is { } seen)
            {
                if (seen.Fingerprint != fingerprint)
                {
                    throw new LedgerException($"Request id '{rid}' was already used for a different command (journal entry {seen.Seq}); nothing was written.");
                }
                var original = ledger.FindJournal(seen.Seq);
                tx.Rollback();
                return new CommandResult(original, true);
            }
            using var ctx = NewContext();
            ctx.Database.UseTransaction(tx);
            var store = new EfCompensationStore(ctx);
            var pending = decide(new CompensationEngine(store, ledger));
            var (seq, prev) = ledger.Head;
            var entry = Journal.Seal(seq + 1, _time.GetUtcNow(), pending, prev);
            CompensationApplier.Apply(store, pending.Actor, pending.Payload, entry.Seq);
            ctx.SaveChanges();
            ledger.AppendJournal(entry);
            if (requestId is { } id)
            {
                ledger.AddRequestRecord(new RequestRecord(id, fingerprint, entry.Seq));
            }
            ledger.Flush();
            AppendCheckpoint();
            tx.Commit();
            return new CommandResult(entry, false);
        }
        catch
        {
            if (tx.Connection is not null)
            {
                tx.Rollback();
            }
            throw;
        }
    }

    /// <summary>Decides a compensation command without writing anything (<c>--dry-run</c>): the event it would append.</summary>
    public PendingEvent DecideCompensation(Func<CompensationEngine, PendingEvent> decide) => ReadCompensation(e => decide(e));

    /// <summary>Runs a read-only question against the compensation engine in a rolled-back transaction.</summary>
    public T ReadCompensation<T>(Func<CompensationEngine, T> ask)
    {
        using var tx = _connection.BeginTransaction(deferred: true);
        _statements.Transaction = tx;
        try
        {
            using var ctx = NewContext();
            ctx.Database.UseTransaction(tx);
            return ask(new CompensationEngine(new EfCompensationStore(ctx), new SqlLedgerStore(_statements, _participants, PreloadAfterHolders)));
        }
        finally
        {
            tx.Rollback();
        }
    }

    /// <summary>Payments, optionally of one agreement, by round and id.</summary>
    public IReadOnlyList<CompensationPayment> CompensationPayments(string? agreementId = null)
    {
        using var ctx = NewContext();
        if (agreementId is not null && ctx.CompensationAgreements.Find(agreementId) is null)
        {
            throw new LedgerException($"Unknown agreement '{agreementId}'.");
        }
        return ctx.CompensationPayments.AsNoTracking().Where(p => agreementId == null || p.AgreementId == agreementId).ToList()
            .OrderBy(p => p.RoundId, StringComparer.Ordinal).ThenBy(p => p.CreatedSeq).ThenBy(p => p.Id.Length).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Everything a statement of one agreement shows.</summary>
    public CompensationStatementData CompensationStatement(string agreementId)
    {
        using var ctx = NewContext();
        var a = ctx.CompensationAgreements.AsNoTracking().Include(x => x.Parties).Include(x => x.FundingSources).FirstOrDefault(x => x.Id == agreementId)
            ?? throw new LedgerException($"Unknown agreement '{agreementId}'.");
        var rounds = ctx.CompensationRounds.AsNoTracking().Where(r => r.AgreementId == agreementId).OrderBy(r => r.Number).ToList();
        var ids = rounds.Select(r => r.Id).ToList();
        var samples = ctx.CompensationSamples.AsNoTracking().Where(s => ids.Contains(s.RoundId)).OrderBy(s => s.Id).ToList();
        var payments = CompensationPayments(agreementId);
        var balances = ctx.CompensationPostings.AsNoTracking().Where(p => p.AgreementId == agreementId)
            .GroupBy(p => p.Account).Select(g => new { g.Key, Sum = g.Sum(p => p.AmountFen) }).ToList()
            .OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => new KeyValuePair<string, long>(x.Key, x.Sum)).ToList();
        var postings = ctx.CompensationPostings.AsNoTracking().Where(p => p.AgreementId == agreementId).ToList();
        return new CompensationStatementData(a, rounds, samples, payments, balances, postings);
    }
}

/// <summary>
/// <see cref="ICompensationStore"/> over EF Core, inside the command's transaction: entities are tracked, the applier changes them,
/// <c>SaveChanges</c> writes them before the journal entry is appended.
/// </summary>
internal sealed class EfCompensationStore(LedgerDbContext ctx) : ICompensationStore
{
    private long? _lastSampleId;

    public Agreement? FindAgreement(string id) =>
        ctx.CompensationAgreements.Local.FirstOrDefault(a => a.Id == id)
        ?? ctx.CompensationAgreements.Include(a => a.Parties).Include(a => a.FundingSources).FirstOrDefault(a => a.Id == id);

    public CompensationRound? FindRound(string id) =>
        ctx.CompensationRounds.Local.FirstOrDefault(r => r.Id == id) ?? ctx.CompensationRounds.FirstOrDefault(r => r.Id == id);

    public IReadOnlyList<CompensationRound> RoundsOf(string agreementId)
    {
        _ = ctx.CompensationRounds.Where(r => r.AgreementId == agreementId).ToList();
        return ctx.CompensationRounds.Local.Where(r => r.AgreementId == agreementId).OrderBy(r => r.Number).ToList();
    }

    public IReadOnlyList<MonitoringSample> SamplesOf(string roundId)
    {
        _ = ctx.CompensationSamples.Where(s => s.RoundId == roundId).ToList();
        return ctx.CompensationSamples.Local.Where(s => s.RoundId == roundId).OrderBy(s => s.Id).ToList();
    }

    public long LastSampleId()
    {
        _lastSampleId ??= ctx.CompensationSamples.Max(s => (long?)s.Id) ?? 0;
        return Math.Max(_lastSampleId.Value, ctx.CompensationSamples.Local.Select(s => s.Id).DefaultIfEmpty(0).Max());
    }

    public IReadOnlyList<CompensationPayment> PaymentsOf(string roundId)
    {
        _ = ctx.CompensationPayments.Where(p => p.RoundId == roundId).ToList();
        return ctx.CompensationPayments.Local.Where(p => p.RoundId == roundId).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    public long Balance(string account) =>
        ctx.CompensationPostings.Where(p => p.Account == account).Sum(p => p.AmountFen)
        + ctx.ChangeTracker.Entries<CompensationPosting>().Where(e => e.State == EntityState.Added && e.Entity.Account == account).Sum(e => e.Entity.AmountFen);

    public void AddAgreement(Agreement agreement) => ctx.Add(agreement);

    public void AddRound(CompensationRound round) => ctx.Add(round);

    public void AddSample(MonitoringSample sample) => ctx.Add(sample);

    public void AddPayment(CompensationPayment payment) => ctx.Add(payment);

    public void AddPosting(CompensationPosting posting) => ctx.Add(posting);
}
