using EcoLedger.Pricing;

namespace EcoLedger.Storage;

/// <summary>
/// <see cref="IPricingStore"/> over EF Core inside a command's transaction: entities are tracked, the applier changes them, the runner's
/// <c>SaveChanges</c> writes them (a certificate's version is its concurrency token).
/// </summary>
internal sealed class EfPricingStore(LedgerDbContext ctx, ILedgerWriteStore ledger) : IPricingStore
{
    public PriceQuote? FindQuote(string market, DateOnly date) => ctx.PriceQuotes.Find(market, date);

    public (string Kind, string Payload)? FindJournal(long seq) => ledger.TryFindJournal(seq) is { } e ? (e.Kind, e.Payload) : null;

    public PledgeLoan? FindLoan(long pledgeSeq) => ctx.PledgeLoans.Find(pledgeSeq);

    public BankPackage? FindPackage(string id) => ctx.BankPackages.Find(id);

    public ShareCertificate? FindCertificate(string id) => ctx.BankCertificates.Find(id);

    public IReadOnlyList<ShareCertificate> CertificatesOf(string packageId)
    {
        _ = ctx.BankCertificates.Where(c => c.PackageId == packageId).ToList();
        return ctx.BankCertificates.Local.Where(c => c.PackageId == packageId).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    public bool HasDistribution(string packageId, int year) =>
        ctx.BankDistributions.Local.Any(d => d.PackageId == packageId && d.Year == year)
        || ctx.BankDistributions.Any(d => d.PackageId == packageId && d.Year == year);

    public void AddQuote(PriceQuote quote) => ctx.Add(quote);

    public void PutLoan(PledgeLoan loan)
    {
        ArgumentNullException.ThrowIfNull(loan);
        if (ctx.PledgeLoans.Find(loan.PledgeSeq) is { } existing)
        {
            ctx.Entry(existing).CurrentValues.SetValues(loan);
        }
        else
        {
            ctx.Add(loan);
        }
    }

    public void AddPackage(BankPackage package) => ctx.Add(package);

    public void AddPackageUnit(BankPackageUnit unit) => ctx.Add(unit);

    public void AddCertificate(ShareCertificate certificate) => ctx.Add(certificate);

    public void AddDistribution(BankDistribution line) => ctx.Add(line);
}
