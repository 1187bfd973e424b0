using System.Globalization;
using System.Text.Json.Nodes;
using EcoLedger.IO;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Indicators;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Prices;

/// <summary>The price basis a run is asked for: every price at the price level of one year.</summary>
/// <param name="PriceYear">The target price year.</param>
/// <param name="Series">The index series that moves prices between years.</param>
/// <param name="IndexFile">The user's index file, or null for the shipped table.</param>
/// <param name="IndexVersion">The index table's version.</param>
public sealed record PriceBasis(int PriceYear, PriceIndexSeries Series, string? IndexFile, string IndexVersion);

/// <summary>
/// Puts a run's prices on one price year (methodology/price-conversion.md): the parameter table's prices from their own
/// price years, and the prices in the region statistics from the accounting year (the statistics are that year's
/// figures at that year's prices).
/// </summary>
public static class ConstantPrices
{
    /// <summary>The result: converted inputs and the record that goes into gep-summary.json under <c>prices</c>.</summary>
    /// <param name="Parameters">The converted parameter table.</param>
    /// <param name="Statistics">The converted region statistics.</param>
    /// <param name="Summary">The <c>prices</c> object of gep-summary.json.</param>
    public sealed record Result(ParameterSet Parameters, RegionStatistics Statistics, JsonObject Summary);

    /// <summary>
    /// Converts, adding an input problem for each price the profile uses that cannot be converted (nothing is then
    /// computed at a mix of price levels).
    /// </summary>
    public static Result Apply(ParameterSet parameters, RegionStatistics stats, int? accountingYear, GepOptions options, PriceBasis basis, List<InputProblem> problems)
    {
        var converted = parameters.AtPriceYear(basis.Series, basis.PriceYear, out var conversions, out var notConverted);
        var used = UsedPriceKeys(parameters, options);
        foreach (var n in notConverted.Where(n => used.Contains(n.Key)))
        {
            problems.Add(new InputProblem("--price-year", "", n.Key, $"cannot put {n.Key} at {basis.PriceYear} prices: {n.Reason}."));
        }
        var statsNode = new JsonObject();
        var convertedStats = stats;
        bool statsHavePrices = stats.Regions.Any(r => Enum.GetValues<RegionStatKind>().Any(k => stats.Of(r, k).Any(s => s.PricePerUnit is not null)));
        if (statsHavePrices)
        {
            if (accountingYear is not { } year)
            {
                problems.Add(new InputProblem("--year", "", null, "expected the accounting year: with --price-year the prices in the region statistics are moved from the accounting year's price level, so the year must be given."));
            }
            else
            {
                var f = basis.Series.Factor(year, basis.PriceYear, out var missing);
                if (f is null)
                {
                    problems.Add(new InputProblem("--price-year", "", null, $"cannot move the region statistics' prices from {year} to {basis.PriceYear}: the {basis.Series.Code} series has no index for {string.Join(", ", missing)} (give it with --price-index FILE)."));
                }
                else
                {
                    convertedStats = new RegionStatistics(stats.Regions.SelectMany(r => Enum.GetValues<RegionStatKind>().SelectMany(k => stats.Of(r, k)))
                        .Select(s => s.PricePerUnit is { } p ? s with { PricePerUnit = p * f.Factor } : s));
                    statsNode = new JsonObject
                    {
                        ["price_year"] = year,
                        ["factor"] = f.Factor,
                        ["note"] = "prices of the region statistics are taken as the accounting year's prices",
                    };
                }
            }
        }
        var summary = new JsonObject
        {
            ["basis"] = accountingYear == basis.PriceYear ? "current" : "constant",
            ["label"] = accountingYear == basis.PriceYear
                ? $"current prices ({basis.PriceYear}, the accounting year)"
                : $"constant {basis.PriceYear} prices",
            ["price_year"] = basis.PriceYear,
            ["index"] = new JsonObject
            {
                ["series"] = basis.Series.Code,
                ["name"] = basis.Series.Name,
                ["file"] = basis.IndexFile ?? "methodology/parameters/price-index.json",
                ["version"] = basis.IndexVersion,
                ["base"] = "previous year = 100",
                ["values"] = new JsonObject(basis.Series.Values.Select(v => KeyValuePair.Create(v.Year.ToString(CultureInfo.InvariantCulture), (JsonNode?)JsonValue.Create(v.Index)))),
            },
            ["factor_rounding"] = $"each factor is the chained product of the yearly indices, rounded once to {PriceIndexSeries.FactorDecimals} decimals (half away from zero); converted prices are not rounded; each unit × indicator value is rounded to the fen as usual",
            ["conversions"] = new JsonArray(conversions.Where(c => used.Contains(c.Key)).Select(c => (JsonNode?)new JsonObject
            {
                ["key"] = c.Key,
                ["price_year"] = c.PriceYear,
                ["value"] = c.Original,
                ["factor"] = c.Factor.Factor,
                ["converted"] = c.Converted,
            }).ToArray()),
            ["not_converted"] = new JsonArray(notConverted.Where(n => !used.Contains(n.Key)).Select(n => (JsonNode?)new JsonObject { ["key"] = n.Key, ["reason"] = n.Reason + " (not used by this run's indicators; its value is left out)" }).ToArray()),
        };
        if (statsNode.Count > 0)
        {
            summary["region_statistics"] = statsNode;
        }
        return new Result(converted, convertedStats, summary);
    }

    /// <summary>The keys of the prices the profile's indicators read (their parameter keys, <c>BASE.*</c> expanded).</summary>
    public static HashSet<string> UsedPriceKeys(ParameterSet parameters, GepOptions options)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var indicator in GepIndicators.All.Where(i => options.Counts(i.Code)))
        {
            foreach (var pattern in indicator.ParameterKeys)
            {
                bool wildcard = pattern.EndsWith(".*", StringComparison.Ordinal);
                string prefix = wildcard ? pattern[..^2] : pattern;
                foreach (var p in parameters.All.Where(p => ParameterSet.IsPrice(p) && (p.Key == prefix || (wildcard && p.Key.StartsWith(prefix + ".", StringComparison.Ordinal)))))
                {
                    keys.Add(p.Key);
                }
            }
        }
        if (parameters["carbon_price_cny_per_t_c"].Value is not null)
        {
            // The per-t-C price replaces the per-t-CO₂ one (ParameterSet.CarbonPricePerTonneCo2).
            keys.Remove("carbon_price_cny_per_t_co2");
        }
        return keys;
    }
}
