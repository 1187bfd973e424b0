using EcoLedger.Ledger;

namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>A certificate's part in one year's distribution.</summary>
/// <param name="CertificateId">Certificate.</param>
/// <param name="Holder">Household.</param>
/// <param name="Weight">Share weight.</param>
/// <param name="Minimum">Guaranteed minimum for the year.</param>
public sealed record DistributionShare(string CertificateId, string Holder, decimal Weight, Money Minimum);

/// <summary>What a certificate receives in one distribution.</summary>
/// <param name="Share">The certificate.</param>
/// <param name="PaidMinimum">Paid towards the guaranteed minimum.</param>
/// <param name="Profit">Share of the income left after all minimums.</param>
/// <param name="Owed">Guaranteed minimum not paid (a shortfall, recorded as owed to the household).</param>
public sealed record DistributionLine(DistributionShare Share, Money PaidMinimum, Money Profit, Money Owed)
{
    /// <summary>Paid in total.</summary>
    public Money Total => PaidMinimum + Profit;
}

/// <summary>The distribution rule of an ecological-bank package.</summary>
public static class Distribution
{
    /// <summary>
    /// Splits one year's income I over the certificates. M = Σ minimums. When I ≥ M every certificate gets its minimum and the rest
    /// I − M is split by share weight with <see cref="Money.Allocate(IReadOnlyList{decimal})"/>. When I &lt; M the income is split
    /// pro rata to the minimums (again with Allocate), no profit is paid, and each certificate's unpaid minimum is recorded as owed.
    /// The parts always add up to I exactly.
    /// </summary>
    public static IReadOnlyList<DistributionLine> Split(Money income, IReadOnlyList<DistributionShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        if (shares.Count == 0)
        {
            throw new LedgerException("A distribution needs at least one certificate.");
        }
        if (income.Amount < 0m || !income.IsRoundedToMinorUnit)
        {
            throw new LedgerException($"The income must be 0 or more, in whole fen; got {income}.");
        }
        var minimum = shares.Aggregate(Money.Zero(), (s, x) => s + x.Minimum);
        var zero = Money.Zero();
        if (income >= minimum)
        {
            var rest = income - minimum;
            var profits = rest.Amount == 0m ? shares.Select(_ => zero).ToArray() : rest.Allocate(shares.Select(s => s.Weight).ToArray());
            return shares.Select((s, i) => new DistributionLine(s, s.Minimum, profits[i], zero)).ToList();
        }
        // income < minimum, so minimum > 0 and Allocate has a positive total weight.
        var paid = income.Amount == 0m ? shares.Select(_ => zero).ToArray() : income.Allocate(shares.Select(s => s.Minimum.Amount).ToArray());
        return shares.Select((s, i) => new DistributionLine(s, paid[i], zero, s.Minimum - paid[i])).ToList();
    }
}
