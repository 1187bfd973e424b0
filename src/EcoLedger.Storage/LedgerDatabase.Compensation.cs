using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

public sealed partial class LedgerDatabase
{
    /// <summary>Runs a read-only question against the compensation engine in a rolled-back transaction.</summary>
    public T ReadCompensation<T>(Func<CompensationEngine, T> ask)
    {
        using var tx = _provider.BeginRead(_connection);
        try
        {
            using var ctx = NewContext();
            ctx.Database.UseTransaction(tx);
            return ask(new CompensationEngine(new EfCompensationStore(ctx), LedgerStore(tx)));
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
