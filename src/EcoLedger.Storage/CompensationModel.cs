using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace EcoLedger.Storage;

/// <summary>
/// The EF Core model of the compensation ledger (tables <c>comp_*</c>). Money is integer fen; states and kinds are snake-case text;
/// sample values are exact decimal text. Column names become snake case with the rest of the model.
/// </summary>
public static class CompensationModel
{
    /// <summary>Adds the compensation entities to the ledger model (called from <see cref="LedgerDbContext"/>).</summary>
    public static void Configure(ModelBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        b.Entity<Agreement>(e =>
        {
            e.ToTable("comp_agreements");
            e.HasKey(a => a.Id);
            e.Property(a => a.State).HasConversion(Text<AgreementState>());
            e.HasMany(a => a.Parties).WithOne().HasForeignKey(p => p.AgreementId);
            e.Navigation(a => a.Parties).HasField("_parties").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.HasMany(a => a.FundingSources).WithOne().HasForeignKey(f => f.AgreementId);
            e.Navigation(a => a.FundingSources).HasField("_funding").UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Ignore(a => a.RuleSpec);
            e.Ignore(a => a.Rule);
            e.Ignore(a => a.Subject);
        });
        b.Entity<AgreementParty>(e =>
        {
            e.ToTable("comp_parties");
            e.HasKey(p => new { p.AgreementId, p.ParticipantId });
            e.Property(p => p.Side).HasConversion(Text<PartySide>());
        });
        b.Entity<FundingSource>(e =>
        {
            e.ToTable("comp_funding_sources");
            e.HasKey(f => new { f.AgreementId, f.SourceId });
            e.Property(f => f.Kind).HasConversion(Text<FundingKind>());
        });
        b.Entity<CompensationRound>(e =>
        {
            e.ToTable("comp_rounds");
            e.HasKey(r => r.Id);
            e.Property(r => r.State).HasConversion(Text<RoundState>());
            e.HasIndex(r => new { r.AgreementId, r.Number }).IsUnique();
            e.Ignore(r => r.Assessment);
            e.Ignore(r => r.Subject);
        });
        b.Entity<MonitoringSample>(e =>
        {
            e.ToTable("comp_samples");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedNever();
            e.HasIndex(s => s.RoundId);
            e.Ignore(s => s.Date);
            e.Ignore(s => s.Amount);
        });
        b.Entity<CompensationPayment>(e =>
        {
            e.ToTable("comp_payments");
            e.HasKey(p => p.Id);
            e.Property(p => p.State).HasConversion(Text<PaymentState>());
            e.HasIndex(p => p.RoundId);
            e.HasIndex(p => p.AgreementId);
            e.Ignore(p => p.Subject);
        });
        b.Entity<CompensationPosting>(e =>
        {
            e.ToTable("comp_postings");
            e.HasKey(p => new { p.Seq, p.Account });
            e.HasIndex(p => p.Account);
            e.HasIndex(p => p.AgreementId);
        });
    }

    private static ValueConverter<T, string> Text<T>() where T : struct, Enum => new(v => v.Name(), s => LedgerNames.Parse<T>(s));
}
