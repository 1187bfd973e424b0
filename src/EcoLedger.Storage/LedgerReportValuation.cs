using System.Globalization;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using EcoLedger.Pricing;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

using Money = EcoLedger.Money.Money;

/// <summary>Read-only queries the ledger report and <c>value pledges</c> share (nothing here writes).</summary>
public sealed partial class LedgerDatabase
{
    /// <summary>
    /// Every credits pledge valued as of <paramref name="asOf"/>: the market value of each still-pledged class is
    /// round(tonnes × price × vintage factor) to the fen, the loan's own haircut applies where the bank recorded one (else
    /// <paramref name="defaultHaircut"/>), and <see cref="PledgeValuation.Evaluate"/> gives the collateral, the LTV and the margin flag.
    /// Pledge ids are <c>credits@SEQ</c>, in journal order.
    /// </summary>
    public IReadOnlyList<PledgeValue> ValueCreditPledges(PriceAsOf price, DateOnly asOf, VintageDiscounts discounts, decimal defaultHaircut, decimal threshold)
    {
        ArgumentNullException.ThrowIfNull(price);
        ArgumentNullException.ThrowIfNull(discounts);
        var ci = CultureInfo.InvariantCulture;
        var loans = Loans();
        var list = new List<PledgeValue>();
        foreach (var p in PledgedCredits())
        {
            var mv = p.Classes.Aggregate(Money.Zero(), (s, c) => s + Fen.Round(c.Tonnes * price.Quote.Price.Amount * discounts.Factor(c.VintageEnd, asOf)));
            loans.TryGetValue(p.PledgeSeq, out var loan);
            decimal h = loan?.HaircutBasisPoints is int bp ? bp / 10_000m : defaultHaircut;
            string subject = string.Join("; ", p.Classes.Select(c => $"{c.Tonnes.ToString("#,0", ci)} t {c.Project} {c.VintageStart.Year}-{c.VintageEnd.Year}"));
            list.Add(PledgeValuation.Evaluate(new PledgeExposure($"credits@{p.PledgeSeq}", "credits", p.Borrower, p.Bank, subject, mv, h,
                loan is null ? null : Money.FromMinorUnits(loan.PrincipalFen)), threshold));
        }
        return list;
    }

    /// <summary>
    /// The pledge each pledged block belongs to, as <c>credits@SEQ</c> by block id: the latest <c>credits.pledged</c> entry in the
    /// block's history (the rule of <see cref="PledgedCredits"/>).
    /// </summary>
    public IReadOnlyDictionary<long, string> PledgeOfBlocks()
    {
        List<CreditBlock> pledged;
        using (var ctx = NewContext())
        {
            pledged = ctx.Blocks.AsNoTracking().Where(b => b.Status == BlockStatus.Pledged).ToList();
        }
        string kind = EventKinds.ForOperation(CreditOperation.Pledge);
        var map = new Dictionary<long, string>();
        foreach (var b in pledged)
        {
            if (History(b.ProjectId, b.Start).Where(j => j.Kind == kind).MaxBy(j => j.Seq) is { } pledge)
            {
                map[b.Id] = $"credits@{pledge.Seq.ToString(CultureInfo.InvariantCulture)}";
            }
        }
        return map;
    }

    /// <summary>The compensation agreements' ids, in ordinal order.</summary>
    public IReadOnlyList<string> CompensationAgreementIds()
    {
        using var ctx = NewContext();
        return ctx.CompensationAgreements.AsNoTracking().Select(a => a.Id).ToList().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The statement data (<see cref="CompensationStatement(string)"/>) of every agreement, in ordinal order of id.</summary>
    public IReadOnlyList<CompensationStatementData> CompensationStatements() =>
        CompensationAgreementIds().Select(CompensationStatement).ToList();
}
