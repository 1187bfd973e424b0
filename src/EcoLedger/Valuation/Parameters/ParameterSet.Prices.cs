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
    /// The table a run at one price year used (<see cref="AtPriceYear"/>), rebuilt from the conversions the run recorded in its
    /// gep-summary.json rather than from a price index the reader may not have: each recorded price takes its converted value
    /// and the target year, every other price has no value (as <see cref="AtPriceYear"/> leaves a price it could not convert),
    /// and the version is <see cref="AtPriceYear"/>'s. Null, with the reason, when a recorded conversion does not start from
    /// this table's value or names a key that is not a price of this table: the run used another table.
    /// </summary>
    /// <param name="seriesCode">The index series code (<c>cpi</c>, <c>ppi</c>).</param>
    /// <param name="targetYear">The run's price year.</param>
    /// <param name="recorded">Per key: the published value the run started from and the converted value it used.</param>
    /// <param name="problem">Why the table cannot be rebuilt, or null.</param>
    public ParameterSet? WithRecordedConversions(string seriesCode, int targetYear, IReadOnlyDictionary<string, (decimal Original, decimal Converted)> recorded, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        foreach (var (key, (original, _)) in recorded)
        {
            if (!_byKey.TryGetValue(key, out var p) || !IsPrice(p))
            {
                problem = $"the run converted '{key}', which is not a price of parameter table {Version}";
                return null;
            }
            if (p.Value != original)
            {
                problem = $"the run converted '{key}' from {original.ToString(CultureInfo.InvariantCulture)}, but parameter table {Version} gives {p.Value?.ToString(CultureInfo.InvariantCulture)}";
                return null;
            }
        }
        problem = null;
        string year = targetYear.ToString(CultureInfo.InvariantCulture);
        var result = _byKey.Values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => !IsPrice(p) ? p
            : recorded.TryGetValue(p.Key, out var c) ? p with { Value = c.Converted, PriceYear = year }
            : p with { Value = null });
        return new ParameterSet($"{Version}@{seriesCode}-{targetYear}", [.. result]);
    }

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
