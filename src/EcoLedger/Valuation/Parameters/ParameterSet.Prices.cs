using System.Globalization;

namespace EcoLedger.Valuation.Parameters;

/// <summary>One price moved from its own price year to the target year.</summary>
/// <param name="Key">The parameter key.</param>
/// <param name="PriceYear">Its own price year.</param>
/// <param name="Original">The published value.</param>
/// <param name="Factor">The chained factor (<see cref="PriceIndexSeries.Factor"/>).</param>
/// <param name="Converted">Original × factor, not rounded (the row values are rounded to the fen as usual).</param>
public sealed record PriceConversion(string Key, int PriceYear, decimal Original, PriceConversionFactor Factor, decimal Converted);

/// <summary>A price that could not be converted, and why.</summary>
/// <param name="Key">The parameter key.</param>
/// <param name="Reason">Why (no stated price year, or years missing from the index series).</param>
public sealed record PriceNotConverted(string Key, string Reason);

public sealed partial class ParameterSet
{
    /// <summary>True for a parameter that is a price: its unit is in CNY and it has a value.</summary>
    public static bool IsPrice(Parameter p) => p.Value is not null && p.Unit.StartsWith("CNY", StringComparison.Ordinal);

    /// <summary>
    /// The table with every price moved from its own price year to <paramref name="targetYear"/> by
    /// <paramref name="series"/> (methodology/price-conversion.md). A price that cannot be converted (no stated year,
    /// or a year missing from the series) is set to no value, so nothing uses an unconverted price in a constant-price
    /// account, and is listed in <paramref name="notConverted"/>.
    /// </summary>
    public ParameterSet AtPriceYear(PriceIndexSeries series, int targetYear, out IReadOnlyList<PriceConversion> conversions, out IReadOnlyList<PriceNotConverted> notConverted)
    {
        ArgumentNullException.ThrowIfNull(series);
        var done = new List<PriceConversion>();
        var failed = new List<PriceNotConverted>();
        var result = new List<Parameter>();
        foreach (var p in _byKey.Values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!IsPrice(p))
            {
                result.Add(p);
                continue;
            }
            if (!int.TryParse(p.PriceYear, NumberStyles.None, CultureInfo.InvariantCulture, out int year))
            {
                failed.Add(new PriceNotConverted(p.Key, p.Source.StartsWith("override:", StringComparison.Ordinal)
                    ? $"the value was overridden ({p.Source}) and an override states no price year"
                    : "the parameter table states no price year for it"));
                result.Add(p with { Value = null });
                continue;
            }
            var factor = series.Factor(year, targetYear, out var missing);
            if (factor is null)
            {
                failed.Add(new PriceNotConverted(p.Key, $"price year {year}: the {series.Code} series has no index for {string.Join(", ", missing)} (give it with --price-index FILE)"));
                result.Add(p with { Value = null });
                continue;
            }
            decimal converted = p.Value!.Value * factor.Factor;
            done.Add(new PriceConversion(p.Key, year, p.Value.Value, factor, converted));
            result.Add(p with { Value = converted, PriceYear = targetYear.ToString(CultureInfo.InvariantCulture) });
        }
        conversions = done;
        notConverted = failed;
        return new ParameterSet($"{Version}@{series.Code}-{targetYear}", result);
    }
}

public sealed partial class ParameterSet
{
    /// <summary>
    /// The table with the given keys set to the given values (sources and price years kept), for computations that vary
    /// parameters (Monte Carlo draws). Unknown keys are a programming error.
    /// </summary>
    /// <exception cref="KeyNotFoundException">A key is not in the table.</exception>
    public ParameterSet WithValues(IReadOnlyDictionary<string, decimal> values, string versionSuffix)
    {
        var merged = new Dictionary<string, Parameter>(_byKey, StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            merged[key] = this[key] with { Value = value };
        }
        return new ParameterSet($"{Version}+{versionSuffix}", merged.Values);
    }
}
