using System.Globalization;
using EcoLedger.Ledger;
using EcoLedger.Pricing;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

using Money = EcoLedger.Money.Money;

/// <summary>Credits currently pledged under one pledge (journal entry of the <c>credits.pledged</c> event), by credit class.</summary>
/// <param name="PledgeSeq">Journal entry of the pledge.</param>
/// <param name="Borrower">The holder that pledged.</param>
/// <param name="Bank">The pledgee.</param>
/// <param name="Classes">Still-pledged tonnes by project and vintage.</param>
public sealed record PledgedCredits(long PledgeSeq, string Borrower, string Bank,
    IReadOnlyList<(string Project, DateOnly VintageStart, DateOnly VintageEnd, long Tonnes)> Classes);

/// <summary>
/// The pricing module's commands and reads. Each command runs in one <c>BEGIN IMMEDIATE</c> transaction that writes its rows and
/// appends its journal entry (kinds <c>price.*</c>, <c>bank.*</c>), with the same request-id idempotency as ledger commands.
/// </summary>
public sealed partial class LedgerDatabase
{
    /// <summary>All stored quotes as a series.</summary>
    public PriceSeries Prices()
    {
        using var ctx = NewContext();
        return new PriceSeries(ctx.PriceQuotes.AsNoTracking().ToList());
    }

    /// <summary>Credits held by participants (not system accounts) that still have value: active, pledged or frozen.</summary>
    public IReadOnlyList<Holding> Holdings(string? holderId = null, string? projectId = null)
    {
        using var ctx = NewContext();
        var statuses = new[] { BlockStatus.Active, BlockStatus.Pledged, BlockStatus.Frozen };
        return ctx.Blocks.AsNoTracking()
            .Where(b => (holderId == null || b.HolderId == holderId) && (projectId == null || b.ProjectId == projectId))
            .ToList()
            .Where(b => statuses.Contains(b.Status) && !SystemAccounts.IsSystem(b.HolderId))
            .GroupBy(b => (b.HolderId, b.ProjectId, b.VintageStart, b.VintageEnd, b.Status))
            .Select(g => new Holding(g.Key.HolderId, g.Key.ProjectId, g.Key.VintageStart, g.Key.VintageEnd, g.Key.Status.Name(), g.Sum(b => b.Quantity)))
            .OrderBy(h => h.Holder, StringComparer.Ordinal).ThenBy(h => h.Project, StringComparer.Ordinal).ThenBy(h => h.VintageStart).ThenBy(h => h.Status, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The credits still pledged, grouped by the pledge that pledged them: for each pledged block, the latest <c>credits.pledged</c> entry in
    /// its history (its own events and its ancestors' up to its split) is the pledge it belongs to.
    /// </summary>
    public IReadOnlyList<PledgedCredits> PledgedCredits()
    {
        List<CreditBlock> pledged;
        using (var ctx = NewContext())
        {
            pledged = ctx.Blocks.AsNoTracking().Where(b => b.Status == BlockStatus.Pledged).ToList();
        }
        string kind = EventKinds.ForOperation(CreditOperation.Pledge);
        var groups = new SortedDictionary<long, (string Borrower, string Bank, Dictionary<(string, DateOnly, DateOnly), long> Classes)>();
        foreach (var b in pledged)
        {
            var pledge = History(b.ProjectId, b.Start).Where(j => j.Kind == kind).MaxBy(j => j.Seq)
                ?? throw new InvalidOperationException($"Pledged {b.Subject} has no pledge in its history.");
            if (!groups.TryGetValue(pledge.Seq, out var g))
            {
                groups.Add(pledge.Seq, g = (b.HolderId, b.PledgeeId ?? "", new()));
            }
            var key = (b.ProjectId, b.VintageStart, b.VintageEnd);
            g.Classes[key] = g.Classes.GetValueOrDefault(key) + b.Quantity;
        }
        return groups.Select(kv => new PledgedCredits(kv.Key, kv.Value.Borrower, kv.Value.Bank,
            kv.Value.Classes.OrderBy(c => c.Key.Item1, StringComparer.Ordinal).ThenBy(c => c.Key.Item2)
                .Select(c => (c.Key.Item1, c.Key.Item2, c.Key.Item3, c.Value)).ToList())).ToList();
    }

    /// <summary>Loans by pledge.</summary>
    public IReadOnlyDictionary<long, PledgeLoan> Loans()
    {
        using var ctx = NewContext();
        return ctx.PledgeLoans.AsNoTracking().ToDictionary(l => l.PledgeSeq);
    }

    /// <summary>A package, its units and its certificates.</summary>
    public (BankPackage Package, IReadOnlyList<BankPackageUnit> Units, IReadOnlyList<ShareCertificate> Certificates) Package(string id)
    {
        using var ctx = NewContext();
        var p = ctx.BankPackages.AsNoTracking().FirstOrDefault(x => x.Id == id) ?? throw new LedgerException($"Unknown package '{id}'.");
        var units = ctx.BankPackageUnits.AsNoTracking().Where(u => u.PackageId == id).ToList().OrderBy(u => u.UnitId, StringComparer.Ordinal).ToList();
        var certs = ctx.BankCertificates.AsNoTracking().Where(c => c.PackageId == id).ToList().OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
        return (p, units, certs);
    }

    /// <summary>Every certificate currently pledged, of every package.</summary>
    public IReadOnlyList<ShareCertificate> PledgedCertificates()
    {
        using var ctx = NewContext();
        return ctx.BankCertificates.AsNoTracking().Where(c => c.Status == CertificateStatus.Pledged).ToList().OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>A package's distributions, by year and certificate.</summary>
    public IReadOnlyList<BankDistribution> Distributions(string packageId)
    {
        using var ctx = NewContext();
        return ctx.BankDistributions.AsNoTracking().Where(d => d.PackageId == packageId).ToList()
            .OrderBy(d => d.Year).ThenBy(d => d.CertificateId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The units of a project (ids) and its buffer share.</summary>
    public (IReadOnlyList<string> Units, int BufferBasisPoints, DateOnly PeriodStart, DateOnly PeriodEnd) ProjectUnits(string projectId)
    {
        using var ctx = NewContext();
        var p = ctx.Projects.AsNoTracking().FirstOrDefault(x => x.Id == projectId) ?? throw new LedgerException($"Unknown project '{projectId}'.");
        var units = ctx.Set<ProjectUnit>().AsNoTracking().Where(u => u.ProjectId == projectId).Select(u => u.UnitId).ToList();
        return (units, p.BufferBasisPoints, p.PeriodStart, p.PeriodEnd);
    }
}
