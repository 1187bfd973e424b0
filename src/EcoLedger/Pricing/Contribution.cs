
namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>How a household's plot enters an ecological-bank package.</summary>
public enum ContributionMode
{
    /// <summary>The household keeps the forest right; the operator manages the plot (托管).</summary>
    Custody,

    /// <summary>The operator leases the plot for the term (租赁).</summary>
    Lease,

    /// <summary>The operator buys the management right outright (赎买): paid at purchase, no certificate.</summary>
    Buyout,
}

/// <summary>One plot (GEP accounting unit) contributed to a package.</summary>
/// <param name="UnitId">The accounting unit id (as in gep-units.csv).</param>
/// <param name="Contributor">The household.</param>
/// <param name="Mode">custody, lease or buyout.</param>
/// <param name="TermYears">Term of the contribution, 1–70 years.</param>
/// <param name="AreaHa">Area in hectares.</param>
/// <param name="GuaranteedMinimum">Guaranteed annual minimum paid to the household (0 for a buyout).</param>
public sealed record Contribution(string UnitId, string Contributor, ContributionMode Mode, int TermYears, decimal AreaHa, Money GuaranteedMinimum);
