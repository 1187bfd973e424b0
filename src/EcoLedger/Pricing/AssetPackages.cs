using System.Globalization;
using EcoLedger.Ledger;

namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>Builds a package: checks the contributions against the GEP output and issues the certificates.</summary>
public static class AssetPackages
{
    /// <summary>
    /// Validates the contributions (units known to the GEP output, each unit once, services known, carbon valued separately) and
    /// computes per unit the annual GEP value of the chosen services (rounded to the fen) and the annual sequestration; then one
    /// certificate per household with custody or lease units, weighted by their area or by their annual GEP value, with the sum
    /// of their guaranteed minimums. Certificate ids: <c>{package}_C01</c>, … in ordinal order of the household id.
    /// </summary>
    public static (IReadOnlyList<PackageUnit> Units, IReadOnlyList<ShareCertificate> Certificates) Build(string packageId, ShareBasis basis,
        IReadOnlyList<string> services, IReadOnlyList<Contribution> contributions, IReadOnlyDictionary<string, UnitGep> gep)
    {
        Identifiers.Require(packageId, "package id");
        if (contributions.Count == 0)
        {
            throw new LedgerException($"Package '{packageId}' needs at least one contributed unit.");
        }
        if (services.Count == 0)
        {
            throw LedgerException.ForFields("Choose at least one GEP service for the package value ({services}).", "services");
        }
        if (services.Contains(GepUnitsCsv.Carbon))
        {
            throw LedgerException.ForFields("carbon_sequestration is valued by the carbon forward value (price path), not by its GEP value; leave it out of {services}.", "services");
        }
        var known = gep.Values.SelectMany(u => u.Values.Keys).ToHashSet(StringComparer.Ordinal);
        foreach (var s in services.Where(s => !known.Contains(s)))
        {
            throw new LedgerException($"Service '{s}' is not in the GEP output; it has {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
        }
        var units = new List<PackageUnit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in contributions)
        {
            if (!seen.Add(c.UnitId))
            {
                throw new LedgerException($"Unit '{c.UnitId}' is contributed twice to package '{packageId}'.");
            }
            if (!gep.TryGetValue(c.UnitId, out var g))
            {
                throw new LedgerException($"Unit '{c.UnitId}' is not in the GEP output.");
            }
            decimal annual = services.Sum(s => g.Values.GetValueOrDefault(s));
            units.Add(new PackageUnit(c, Fen.Round(annual), g.CarbonTonnes));
        }
        var certificates = units.Where(u => u.Contribution.Mode != ContributionMode.Buyout)
            .GroupBy(u => u.Contribution.Contributor, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => new ShareCertificate(string.Create(CultureInfo.InvariantCulture, $"{packageId}_C{i + 1:00}"), packageId, g.Key,
                basis == ShareBasis.Area ? g.Sum(u => u.Contribution.AreaHa) : g.Sum(u => u.AnnualGep.Amount),
                g.Sum(u => Fen.Of(u.Contribution.GuaranteedMinimum))))
            .ToList();
        if (certificates.Count == 0)
        {
            throw new LedgerException($"Package '{packageId}' has only buyout units: no household holds a share, so there is nothing to certify.");
        }
        return (units, certificates);
    }

    /// <summary>One unit's value in a package valuation.</summary>
    public sealed record UnitValue(PackageUnit Unit, Money GepPresentValue, Money CarbonPresentValue)
    {
        /// <summary>GEP + carbon.</summary>
        public Money Total => GepPresentValue + CarbonPresentValue;
    }

    /// <summary>
    /// Values a package: for each unit u over its term T_u, GEP_PV_u = round(Σ_{t=1..T_u} G_u / (1 + r)^t) and CARBON_PV_u = the forward NPV
    /// of C_u t CO2/yr (buffer b, haircut h, the price path, rate r) over the same years; package value = Σ_u (GEP_PV_u + CARBON_PV_u).
    /// </summary>
    public static IReadOnlyList<UnitValue> Value(IReadOnlyList<PackageUnit> units, int baseYear, decimal bufferShare, decimal haircut,
        PricePath path, decimal discountRate)
    {
        var list = new List<UnitValue>();
        foreach (var u in units)
        {
            int term = u.Contribution.TermYears;
            decimal factorSum = 0m, growth = 1m;
            for (int t = 1; t <= term; t++)
            {
                growth *= 1m + discountRate;
                factorSum += 1m / growth;
            }
            var gepPv = Fen.Round(u.AnnualGep.Amount * factorSum);
            var carbon = ForwardValuation.Value(new ForwardInputs(ForwardValuation.Constant(u.CarbonTonnes, baseYear + 1, term), baseYear,
                bufferShare, haircut, path, discountRate));
            list.Add(new UnitValue(u, gepPv, carbon.Npv));
        }
        return list;
    }
}
