
namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>Credits of one class held by one holder in one status.</summary>
/// <param name="Holder">Holding account.</param>
/// <param name="Project">Project id.</param>
/// <param name="VintageStart">Vintage start.</param>
/// <param name="VintageEnd">Vintage end.</param>
/// <param name="Status">Block status (active, pledged, frozen).</param>
/// <param name="Tonnes">Credits (t CO2e).</param>
public sealed record Holding(string Holder, string Project, DateOnly VintageStart, DateOnly VintageEnd, string Status, long Tonnes);

/// <summary>A holding marked to market.</summary>
/// <param name="Holding">The holding.</param>
/// <param name="AgeYears">Vintage age at the valuation date.</param>
/// <param name="Factor">Vintage discount factor.</param>
/// <param name="Price">Market price per tonne as of the valuation date.</param>
/// <param name="Value">round(tonnes × price × factor) to the fen.</param>
public sealed record HoldingValue(Holding Holding, int AgeYears, decimal Factor, Money Price, Money Value);

/// <summary>Mark-to-market of credit holdings.</summary>
public static class MarkToMarket
{
    /// <summary>
    /// Values each holding: value = round(q × p × f) to the fen, half away from zero, where q is tonnes, p the as-of price per tonne
    /// and f the vintage discount factor. Totals are sums of the rounded rows, so a table always adds up.
    /// </summary>
    public static IReadOnlyList<HoldingValue> Value(IEnumerable<Holding> holdings, Money price, VintageDiscounts discounts, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        ArgumentNullException.ThrowIfNull(discounts);
        return holdings.Select(h =>
        {
            decimal f = discounts.Factor(h.VintageEnd, asOf);
            return new HoldingValue(h, VintageDiscounts.AgeYears(h.VintageEnd, asOf), f, price, Fen.Round(h.Tonnes * price.Amount * f));
        }).ToList();
    }

    /// <summary>Subtotals by a key (holder, or project and vintage), in ordinal order of the key.</summary>
    public static IReadOnlyList<(string Key, long Tonnes, Money Value)> Totals(IEnumerable<HoldingValue> values, Func<Holding, string> key) =>
        values.GroupBy(v => key(v.Holding), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(v => v.Holding.Tonnes), g.Aggregate(Money.Zero(), (s, v) => s + v.Value))).ToList();
}
