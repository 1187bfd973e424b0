using EcoLedger.Ledger;
using EcoLedger.Ledger.Interop;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace EcoLedger.Storage;

/// <summary>
/// The EF Core model of the interoperability module (tables <c>interop_*</c>): CAD Trust and Article 6 fields of projects, issuances
/// and participants. Written only by <see cref="InteropApplier"/>; no foreign keys to the credit tables, so a replay of the module's
/// events alone rebuilds them (<see cref="LedgerDatabase"/>'s module-table audit).
/// </summary>
public static class InteropModel
{
    /// <summary>Adds the interoperability entities to the ledger model (called from <see cref="LedgerDbContext"/>).</summary>
    public static void Configure(ModelBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        b.Entity<ProjectRegistryData>(e =>
        {
            e.ToTable("interop_projects");
            e.HasKey(x => x.ProjectId);
            e.Property(x => x.NdcCoverage).HasConversion(Text<NdcCoverage>());
        });
        b.Entity<ExternalListing>(e =>
        {
            e.ToTable("interop_listings");
            e.HasKey(x => new { x.ProjectId, x.Registry, x.ExternalId });
            e.Property(x => x.Relationship).HasConversion(Text<ListingRelationship>());
            // CAD Trust matches projects across registries by (registry, id): find who else claims the same listing.
            e.HasIndex(x => new { x.Registry, x.ExternalId });
        });
        b.Entity<CreditLabel>(e =>
        {
            e.ToTable("interop_labels");
            e.HasKey(x => x.Id);
            e.Property(x => x.State).HasConversion(Text<LabelState>());
            e.HasIndex(x => x.ProjectId);
        });
        b.Entity<IssuanceArticle6>(e =>
        {
            e.ToTable("interop_article6");
            e.HasKey(x => x.IssuanceId);
            e.Property(x => x.Authorization).HasConversion(Text<AuthorizationStatus>());
            e.Property(x => x.Adjustment).HasConversion(Text<AdjustmentStatus>());
            e.HasIndex(x => x.ProjectId);
            e.Ignore(x => x.Subject);
        });
        b.Entity<ParticipantJurisdiction>(e =>
        {
            e.ToTable("interop_jurisdictions");
            e.HasKey(x => x.ParticipantId);
        });
    }

    private static ValueConverter<T, string> Text<T>() where T : struct, Enum => new(v => v.Name(), s => LedgerNames.Parse<T>(s));
}

/// <summary><see cref="IInteropStore"/> over EF Core inside the command's transaction (tracked entities; the runner saves).</summary>
internal sealed class EfInteropStore(LedgerDbContext ctx) : IInteropStore
{
    public ProjectRegistryData? FindDescription(string projectId) => ctx.Set<ProjectRegistryData>().Find(projectId);

    public ExternalListing? FindListing(string projectId, string registry, string externalId) =>
        ctx.Set<ExternalListing>().Find(projectId, registry, externalId) is { } l && ctx.Entry(l).State != EntityState.Deleted ? l : null;

    public IReadOnlyList<ExternalListing> ListingsOf(string projectId)
    {
        _ = ctx.Set<ExternalListing>().Where(l => l.ProjectId == projectId).ToList();
        return ctx.Set<ExternalListing>().Local.Where(l => l.ProjectId == projectId).ToList();
    }

    public CreditLabel? FindLabel(string id) => ctx.Set<CreditLabel>().Find(id);

    public IssuanceArticle6? FindArticle6(string issuanceId) => ctx.Set<IssuanceArticle6>().Find(issuanceId);

    public ParticipantJurisdiction? FindJurisdiction(string participantId) => ctx.Set<ParticipantJurisdiction>().Find(participantId);

    public void Add(object row) => ctx.Add(row);

    public void Remove(ExternalListing listing) => ctx.Remove(listing);
}
