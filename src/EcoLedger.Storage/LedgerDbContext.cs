using System.Text;
using EcoLedger.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace EcoLedger.Storage;

/// <summary>A block touched by a journal event (the history index).</summary>
/// <param name="BlockId">Block id.</param>
/// <param name="Seq">Journal sequence number.</param>
public sealed record BlockTouch(long BlockId, long Seq);

/// <summary>An idempotency record: the request id, a fingerprint of the command's content and the event it produced.</summary>
/// <param name="RequestId">The caller's request id.</param>
/// <param name="Fingerprint">SHA-256 of the canonical command content.</param>
/// <param name="Seq">The journal entry the command produced.</param>
public sealed record RequestRecord(string RequestId, string Fingerprint, long Seq);

/// <summary>A ledger-wide setting changed by a journaled event (today: <c>signatures_required</c>, present while required).</summary>
/// <param name="Name">The setting.</param>
/// <param name="Value">Its value.</param>
/// <param name="SetSeq">The event that set it.</param>
public sealed record LedgerSetting(string Name, string Value, long SetSeq);

/// <summary>
/// The EF Core model of the ledger (SQLite). Tonnes and fen are integers; dates are ISO text; states are snake-case text.
/// The schema is created and upgraded only by migrations.
/// </summary>
public sealed partial class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : DbContext(options)
{
    /// <summary>Participants and system accounts.</summary>
    public DbSet<Participant> Participants => Set<Participant>();

    /// <summary>Projects.</summary>
    public DbSet<Project> Projects => Set<Project>();

    /// <summary>Issuance requests.</summary>
    public DbSet<IssuanceRequest> IssuanceRequests => Set<IssuanceRequest>();

    /// <summary>Credit blocks.</summary>
    public DbSet<CreditBlock> Blocks => Set<CreditBlock>();

    /// <summary>Double-entry postings.</summary>
    public DbSet<Posting> Postings => Set<Posting>();

    /// <summary>History index.</summary>
    public DbSet<BlockTouch> BlockTouches => Set<BlockTouch>();

    /// <summary>The hash-chained journal.</summary>
    public DbSet<JournalEntry> Journal => Set<JournalEntry>();

    /// <summary>Idempotency records.</summary>
    public DbSet<RequestRecord> Requests => Set<RequestRecord>();

    /// <summary>Participants' registered signing keys.</summary>
    public DbSet<ParticipantKey> ParticipantKeys => Set<ParticipantKey>();

    /// <summary>Ledger-wide settings (the signature policy).</summary>
    public DbSet<LedgerSetting> Settings => Set<LedgerSetting>();

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Participant>(e =>
        {
            e.ToTable("participants");
            e.HasKey(p => p.Id);
            e.Property(p => p.Role).HasConversion(EnumText<Role>());
        });
        b.Entity<Project>(e =>
        {
            e.ToTable("projects");
            e.HasKey(p => p.Id);
            e.Property(p => p.State).HasConversion(EnumText<ProjectState>());
            e.HasMany(p => p.Units).WithOne().HasForeignKey(u => u.ProjectId);
            e.Navigation(p => p.Units).UsePropertyAccessMode(PropertyAccessMode.Field);
            e.Ignore(p => p.IssuanceHeld);
        });
        b.Entity<ProjectUnit>(e =>
        {
            e.ToTable("project_units");
            e.HasKey(u => new { u.ProjectId, u.UnitId });
            e.HasIndex(u => u.UnitId); // the other projects of a unit: double registration and double issuance (LedgerEngine)
        });
        b.Entity<IssuanceRequest>(e =>
        {
            e.ToTable("issuance_requests");
            e.HasKey(r => r.Id);
            e.Property(r => r.State).HasConversion(EnumText<IssuanceState>());
            e.HasIndex(r => r.ProjectId);
        });
        b.Entity<CreditBlock>(e =>
        {
            e.ToTable("blocks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Status).HasConversion(EnumText<BlockStatus>());
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.Range);
            e.Ignore(x => x.Quantity);
            e.Ignore(x => x.Subject);
            e.HasIndex(x => new { x.ProjectId, x.Start }).IsUnique();
            e.HasIndex(x => new { x.HolderId, x.Status });
        });
        b.Entity<Posting>(e =>
        {
            e.ToTable("postings");
            e.HasKey(p => new { p.Seq, p.Account, p.ProjectId, p.VintageStart, p.VintageEnd });
            e.HasIndex(p => new { p.Account, p.Amount }); // covering: balance sums without touching the rows
        });
        b.Entity<BlockTouch>(e =>
        {
            e.ToTable("block_touches");
            e.HasKey(t => new { t.BlockId, t.Seq });
        });
        b.Entity<JournalEntry>(e =>
        {
            e.ToTable("journal");
            e.HasKey(j => j.Seq);
            e.Property(j => j.Seq).ValueGeneratedNever();
        });
        b.Entity<RequestRecord>(e =>
        {
            e.ToTable("requests");
            e.HasKey(r => r.RequestId);
        });
        b.Entity<ParticipantKey>(e =>
        {
            e.ToTable("participant_keys");
            e.HasKey(k => k.KeyId);
            e.Ignore(k => k.IsActive);
            e.HasIndex(k => k.ParticipantId);
        });
        b.Entity<LedgerSetting>(e =>
        {
            e.ToTable("ledger_settings");
            e.HasKey(x => x.Name);
        });
        PricingModel.Configure(b);
        CompensationModel.Configure(b);
        MonitoringModel.Configure(b);
        AuditModel.Configure(b);
        InteropModel.Configure(b);
        foreach (var entity in b.Model.GetEntityTypes())
        {
            foreach (var p in entity.GetProperties())
            {
                p.SetColumnName(Snake(p.Name));
            }
        }
    }

    private static ValueConverter<T, string> EnumText<T>() where T : struct, Enum =>
        new(v => v.Name(), s => LedgerNames.Parse<T>(s));

    internal static string Snake(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}
