using System.Globalization;
using EcoLedger.Ledger;
using EcoLedger.Pricing;

namespace EcoLedger.Storage;

using Money = EcoLedger.Money.Money;

/// <summary>
/// Every pledge valued as of a date, credits and share certificates alike: what <c>value pledges</c> prints and the server's finance
/// page shows. One home for the rule so that both hosts give the same LTV and the same margin calls (methodology/pricing.md).
/// </summary>
public sealed partial class LedgerDatabase
{
    /// <summary>
    /// Credits pledges (<see cref="ValueCreditPledges"/>) followed by pledged share certificates: a certificate's market value is its
    /// weight's share of the package's shared value (units other than buyouts, valued over each term along <paramref name="path"/>),
    /// rounded to the fen; its haircut is <paramref name="defaultHaircut"/>.
    /// </summary>
    public IReadOnlyList<PledgeValue> ValuePledges(PriceAsOf price, DateOnly asOf, VintageDiscounts discounts, decimal defaultHaircut, decimal threshold,
        PricePath path, decimal rate, decimal deliveryHaircut)
    {
        var list = new List<PledgeValue>(ValueCreditPledges(price, asOf, discounts, defaultHaircut, threshold));
        foreach (var group in PledgedCertificates().GroupBy(c => c.PackageId))
        {
            var (package, units, certificates) = Package(group.Key);
            var value = SharedPackageValue(PackageValue(units, asOf.Year, path, rate, deliveryHaircut));
            decimal totalWeight = certificates.Sum(c => c.Weight);
            foreach (var c in group)
            {
                var mv = Fen.Round(value.Amount * c.Weight / totalWeight);
                list.Add(PledgeValuation.Evaluate(new PledgeExposure(c.Id, "certificate", c.HolderId, c.PledgeeId ?? "",
                    $"share {(c.Weight / totalWeight).ToString("0.####", CultureInfo.InvariantCulture)} of package {package.Id}", mv, defaultHaircut,
                    c.LoanFen is long f ? Money.FromMinorUnits(f) : null), threshold));
            }
        }
        return list;
    }

    /// <summary>A package's units valued from <paramref name="baseYear"/> over each unit's term (<see cref="AssetPackages.Value"/>).</summary>
    public static IReadOnlyList<AssetPackages.UnitValue> PackageValue(IReadOnlyList<BankPackageUnit> units, int baseYear, PricePath path, decimal rate,
        decimal haircut, decimal buffer = 0m)
    {
        ArgumentNullException.ThrowIfNull(units);
        return AssetPackages.Value(units.Select(u => new PackageUnit(new Contribution(u.UnitId, u.Contributor, LedgerNames.Parse<ContributionMode>(u.Mode), u.TermYears,
            u.AreaHa, Money.FromMinorUnits(u.GuaranteedMinFen)), Money.FromMinorUnits(u.AnnualGepFen), u.CarbonTPerYear)).ToList(), baseYear, buffer, haircut, path, rate);
    }

    /// <summary>The value the certificates share: units other than buyouts (a buyout's value is the operator's).</summary>
    public static Money SharedPackageValue(IEnumerable<AssetPackages.UnitValue> rows) =>
        rows.Where(u => u.Unit.Contribution.Mode != ContributionMode.Buyout).Aggregate(Money.Zero(), (s, u) => s + u.Total);
}
