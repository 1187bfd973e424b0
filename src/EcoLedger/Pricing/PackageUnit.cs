
namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>A contributed unit as the package keeps it: the contribution plus its GEP figures at creation.</summary>
/// <param name="Contribution">The contribution.</param>
/// <param name="AnnualGep">Annual GEP value of the package's chosen services (rounded to the fen).</param>
/// <param name="CarbonTonnes">Annual carbon sequestration, t CO2.</param>
public sealed record PackageUnit(Contribution Contribution, Money AnnualGep, decimal CarbonTonnes);
