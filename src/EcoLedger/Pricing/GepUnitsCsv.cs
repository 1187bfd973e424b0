using EcoLedger.Ledger;
using EcoLedger.Valuation.Files;

namespace EcoLedger.Pricing;

/// <summary>The GEP engine's figures for one unit: value by indicator (CNY/yr) and the carbon sequestration (t CO2/yr).</summary>
/// <param name="UnitId">Unit id.</param>
/// <param name="Values">value_cny by indicator.</param>
/// <param name="CarbonTonnes">Quantity of the carbon_sequestration row (t CO2 per year), 0 when absent.</param>
public sealed record UnitGep(string UnitId, IReadOnlyDictionary<string, decimal> Values, decimal CarbonTonnes);

/// <summary>Reads the GEP engine's <c>gep-units.csv</c> (unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny).</summary>
public static class GepUnitsCsv
{
    /// <summary>The indicator whose quantity is the annual sequestration in t CO2.</summary>
    public const string Carbon = "carbon_sequestration";

    /// <summary>Reads every unit's indicator values; a folder means its <c>gep-units.csv</c> (read by <see cref="GepUnitsFile"/>).</summary>
    /// <exception cref="LedgerException">The file is missing or not the GEP engine's output.</exception>
    public static IReadOnlyDictionary<string, UnitGep> Read(string path)
    {
        string file = GepUnitsFile.Locate(path);
        var values = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal);
        var carbon = new Dictionary<string, decimal>(StringComparer.Ordinal);
        try
        {
            foreach (var row in GepUnitsFile.Read(file))
            {
                if (!values.TryGetValue(row.UnitId, out var v))
                {
                    values.Add(row.UnitId, v = new Dictionary<string, decimal>(StringComparer.Ordinal));
                }
                if (!v.TryAdd(row.Indicator, row.ValueCny))
                {
                    throw new LedgerException($"{file}, row {row.Line}, unit '{row.UnitId}': indicator '{row.Indicator}' appears twice; expected one row per unit and indicator.");
                }
                if (row.Indicator == Carbon)
                {
                    carbon[row.UnitId] = row.QuantityUnit == "t CO2" && row.Quantity is { } t ? t
                        : throw new LedgerException($"{file}, row {row.Line}: expected the carbon_sequestration quantity in 't CO2'.");
                }
            }
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException)
        {
            throw new LedgerException(e.Message);
        }
        return values.ToDictionary(kv => kv.Key, kv => new UnitGep(kv.Key, kv.Value, carbon.GetValueOrDefault(kv.Key)), StringComparer.Ordinal);
    }
}
