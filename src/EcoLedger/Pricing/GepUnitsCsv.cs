using System.Globalization;
using EcoLedger.IO;
using EcoLedger.Ledger;

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

    /// <summary>Reads every unit's indicator values; a folder means its <c>gep-units.csv</c>.</summary>
    public static IReadOnlyDictionary<string, UnitGep> Read(string path)
    {
        string file = Directory.Exists(path) ? Path.Combine(path, "gep-units.csv") : path;
        if (!File.Exists(file))
        {
            throw new LedgerException($"GEP output '{file}' does not exist; run 'ecoledger gep compute' first.");
        }
        var values = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal);
        var carbon = new Dictionary<string, decimal>(StringComparer.Ordinal);
        using var csv = CsvLineReader.Open(file);
        if (!csv.Read() || csv.FieldCount < 7 || csv.GetString(0).TrimStart('\uFEFF') != "unit_id" || csv.GetString(3) != "indicator")
        {
            throw new LedgerException($"{file}: expected the header unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny.");
        }
        while (csv.Read())
        {
            string unit = csv.GetString(0), indicator = csv.GetString(3);
            if (!values.TryGetValue(unit, out var v))
            {
                values.Add(unit, v = new Dictionary<string, decimal>(StringComparer.Ordinal));
            }
            string text = csv.GetString(6).Trim();
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var cny))
            {
                throw new LedgerException($"{file}, row {csv.LineNumber}, unit '{unit}', field 'value_cny': expected an amount in CNY, got '{text}'.");
            }
            if (!v.TryAdd(indicator, cny))
            {
                throw new LedgerException($"{file}, row {csv.LineNumber}, unit '{unit}': indicator '{indicator}' appears twice; expected one row per unit and indicator.");
            }
            if (indicator == Carbon)
            {
                if (csv.GetString(5) != "t CO2" || !decimal.TryParse(csv.GetString(4), NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
                {
                    throw new LedgerException($"{file}, row {csv.LineNumber}: expected the carbon_sequestration quantity in 't CO2'.");
                }
                carbon[unit] = t;
            }
        }
        return values.ToDictionary(kv => kv.Key, kv => new UnitGep(kv.Key, kv.Value, carbon.GetValueOrDefault(kv.Key)), StringComparer.Ordinal);
    }
}
