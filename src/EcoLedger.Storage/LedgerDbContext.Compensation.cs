using EcoLedger.Ledger.Compensation;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

public sealed partial class LedgerDbContext
{
    /// <summary>Compensation agreements.</summary>
    public DbSet<Agreement> CompensationAgreements => Set<Agreement>();

    /// <summary>Rounds of compensation agreements.</summary>
    public DbSet<CompensationRound> CompensationRounds => Set<CompensationRound>();

    /// <summary>Monitoring samples (append-only).</summary>
    public DbSet<MonitoringSample> CompensationSamples => Set<MonitoringSample>();

    /// <summary>Two-phase payments.</summary>
    public DbSet<CompensationPayment> CompensationPayments => Set<CompensationPayment>();

    /// <summary>Money postings in fen (append-only).</summary>
    public DbSet<CompensationPosting> CompensationPostings => Set<CompensationPosting>();
}
