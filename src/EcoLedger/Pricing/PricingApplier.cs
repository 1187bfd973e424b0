using System.Globalization;
using EcoLedger.Ledger;

namespace EcoLedger.Pricing;

/// <summary>
/// Applies a pricing event to a store: the same code runs when a command is executed and when the journal is replayed, so the price,
/// loan and ecological-bank tables are rebuilt from the journal alone.
/// </summary>
public static class PricingApplier
{
    /// <summary>Applies <paramref name="payload"/> as journal entry <paramref name="seq"/>.</summary>
    /// <exception cref="LedgerException">The event does not fit the store (an unknown package or certificate, an illegal transition).</exception>
    public static void Apply(IPricingStore store, string actor, object payload, long seq)
    {
        ArgumentNullException.ThrowIfNull(store);
        switch (payload)
        {
            case PricesImported p:
                // Journals written before quotes were recorded carry only the file's hash; their quotes cannot be rebuilt (audit names them).
                foreach (var q in p.Added ?? [])
                {
                    store.AddQuote(new PriceQuote(q.Market, q.Date, q.FenPerTonne, q.Source));
                }
                break;
            case LoanRecorded l:
                store.PutLoan(new PledgeLoan(l.PledgeSeq, l.Borrower, l.Bank, l.PrincipalFen, l.HaircutBasisPoints, seq));
                break;
            case PackageCreated p:
                store.AddPackage(new BankPackage(p.Id, p.Operator, p.Name, p.ShareBasis, string.Join(',', p.Services), seq));
                foreach (var u in p.Units)
                {
                    store.AddPackageUnit(new BankPackageUnit(p.Id, u.Unit, u.Contributor, u.Mode, u.TermYears, decimal.Parse(u.AreaHa, CultureInfo.InvariantCulture),
                        u.AnnualGepFen, decimal.Parse(u.CarbonTPerYear, CultureInfo.InvariantCulture), u.GuaranteedMinFen));
                }
                foreach (var c in p.Certificates)
                {
                    store.AddCertificate(new ShareCertificate(c.Id, p.Id, c.Holder, decimal.Parse(c.Weight, CultureInfo.InvariantCulture), c.GuaranteedMinFen));
                }
                break;
            case CertificatePledgeChanged c:
                var certificate = store.FindCertificate(c.Certificate) ?? throw new LedgerException($"Unknown share certificate '{c.Certificate}'.");
                if (c.To == CertificateStatus.Pledged.Name())
                {
                    certificate.Pledge(actor, c.Bank ?? "", Money.Money.FromMinorUnits(c.LoanFen ?? 0));
                }
                else
                {
                    certificate.Release(actor);
                }
                break;
            case Distributed d:
                foreach (var e in d.Lines)
                {
                    store.AddDistribution(new BankDistribution(d.Package, d.Year, e.Certificate, e.Holder, e.MinimumFen, e.PaidMinimumFen, e.ProfitFen,
                        e.TotalFen, e.OwedFen, seq));
                }
                break;
            default:
                throw new InvalidOperationException($"Unknown pricing payload {payload?.GetType().Name}.");
        }
    }
}
