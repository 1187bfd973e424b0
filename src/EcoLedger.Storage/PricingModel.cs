using EcoLedger.Ledger;
using EcoLedger.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace EcoLedger.Storage;

/// <summary>The EF Core model of the pricing tables (called from <see cref="LedgerDbContext"/>).</summary>
public static class PricingModel
{
    /// <summary>Configures the pricing entities. Money is integer fen; areas and tonnes are exact decimals (TEXT).</summary>
    public static void Configure(ModelBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        b.Entity<PriceQuote>(e =>
        {
            e.ToTable("price_quotes");
            e.HasKey(q => new { q.Market, q.Date });
            e.Ignore(q => q.Price);
        });
        b.Entity<PledgeLoan>(e =>
        {
            e.ToTable("pledge_loans");
            e.HasKey(l => l.PledgeSeq);
            e.Property(l => l.PledgeSeq).ValueGeneratedNever();
        });
        b.Entity<BankPackage>(e =>
        {
            e.ToTable("bank_packages");
            e.HasKey(p => p.Id);
        });
        b.Entity<BankPackageUnit>(e =>
        {
            e.ToTable("bank_package_units");
            e.HasKey(u => new { u.PackageId, u.UnitId });
        });
        b.Entity<ShareCertificate>(e =>
        {
            e.ToTable("bank_certificates");
            e.HasKey(c => c.Id);
            e.Property(c => c.Status).HasConversion(new ValueConverter<CertificateStatus, string>(v => v.Name(), s => LedgerNames.Parse<CertificateStatus>(s)));
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasIndex(c => c.PackageId);
        });
        b.Entity<BankDistribution>(e =>
        {
            e.ToTable("bank_distributions");
            e.HasKey(d => new { d.PackageId, d.Year, d.CertificateId });
        });
    }
}

public sealed partial class LedgerDbContext
{
    /// <summary>Price quotes by market and date.</summary>
    public DbSet<PriceQuote> PriceQuotes => Set<PriceQuote>();

    /// <summary>Loans secured on credits pledges.</summary>
    public DbSet<PledgeLoan> PledgeLoans => Set<PledgeLoan>();

    /// <summary>Ecological-bank asset packages.</summary>
    public DbSet<BankPackage> BankPackages => Set<BankPackage>();

    /// <summary>Units contributed to packages.</summary>
    public DbSet<BankPackageUnit> BankPackageUnits => Set<BankPackageUnit>();

    /// <summary>Share certificates.</summary>
    public DbSet<ShareCertificate> BankCertificates => Set<ShareCertificate>();

    /// <summary>Distributions, one row per certificate and year.</summary>
    public DbSet<BankDistribution> BankDistributions => Set<BankDistribution>();
}
